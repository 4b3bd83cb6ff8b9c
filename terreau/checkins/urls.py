from django.urls import path

from . import views

# The presence page (with the défis it validates) and the poster are pages of
# `pages` (pages:presence, pages:poster), and so is validating someone at a
# place (pages:place_presence), whose search reads the marathons.
app_name = "checkins"
urlpatterns = [
    path("presence/mes-presences/", views.my_checkins, name="mine"),
    path("lieux/<int:pk>/ecran/", views.screen, name="screen"),
    path("lieux/<int:pk>/ecrans/", views.screens, name="screens"),
    path(
        "lieux/<int:pk>/ecrans/<int:device_pk>/retirer/",
        views.revoke_screen,
        name="revoke_screen",
    ),
    path("ecran/", views.device_screen, name="device_screen"),
    path("agenda/<int:pk>/presence/", views.event_presence, name="event_presence"),
    path(
        "agenda/<int:pk>/presence/confirmer/",
        views.confirm_event_presence,
        name="confirm_event_presence",
    ),
    path("agenda/<int:pk>/presence/valider/", views.validate_at_event, name="validate_at_event"),
]
