from django.urls import path

from . import views

# The place page itself (place and agenda) is composed in terreau/views.py
# and routed in terreau/urls.py under this namespace.
app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("proposer/", views.place_propose, name="propose"),
    path("mes-lieux/", views.my_places, name="mine"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<int:pk>/modifier/", views.place_edit, name="edit"),
    path("<int:pk>/hotes/", views.place_hosts, name="hosts"),
    path("<int:pk>/signaler/", views.place_report, name="report"),
]
