from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("facteurs/", views.factor_table, name="factors"),
    path("<slug:slug>/", views.challenge_detail, name="detail"),
]
