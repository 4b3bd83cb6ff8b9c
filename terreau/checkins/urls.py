from django.urls import path

from . import views

# The presence page (with the défis it validates) and the poster are pages of
# `pages` (pages:presence, pages:poster).
app_name = "checkins"
urlpatterns = [
    path("presence/mes-presences/", views.my_checkins, name="mine"),
    path("lieux/<int:pk>/ecran/", views.screen, name="screen"),
    path("lieux/<int:pk>/presence/", views.place_presence, name="place_presence"),
    path("lieux/<int:pk>/presence/valider/", views.validate_at_place, name="validate_at_place"),
    path("agenda/<int:pk>/presence/", views.event_presence, name="event_presence"),
    path("agenda/<int:pk>/presence/valider/", views.validate_at_event, name="validate_at_event"),
]
