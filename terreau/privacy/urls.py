from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.trace, name="trace"),
    path("copie/", views.request_export, name="request_export"),
    path("copie/<int:pk>/", views.download, name="download"),
    path("supprimer/", views.delete_account, name="delete"),
]
