from django.urls import path

# Registers the <kind:…> and <code:…> converters of territory URLs.
from terreau.territories import urls as _territory_urls  # noqa: F401

from . import views

# The place page itself (place and agenda) is a page of `pages` (pages:place).
app_name = "places"
urlpatterns = [
    path("lieux/", views.place_list, name="list"),
    path("lieux/proposer/", views.place_propose, name="propose"),
    path("lieux/mes-lieux/", views.my_places, name="mine"),
    path("lieux/moderation/", views.moderation, name="moderation"),
    path("lieux/moderation/<int:pk>/publier/", views.moderation_publish, name="moderation_publish"),
    path("lieux/moderation/<int:pk>/refuser/", views.moderation_reject, name="moderation_reject"),
    path("lieux/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("lieux/<int:pk>/modifier/", views.place_edit, name="edit"),
    path("lieux/<int:pk>/hotes/", views.place_hosts, name="hosts"),
    path("lieux/<int:pk>/signaler/", views.place_report, name="report"),
    path("territoires/<kind:kind>/<code:code>/lieux/", views.place_list, name="territory_list"),
]
