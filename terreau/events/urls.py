from django.urls import path

# Registers the <kind:…> and <code:…> converters of territory URLs.
from terreau.territories import urls as _territory_urls  # noqa: F401

from . import views

# The event page itself is a page of `pages` (pages:event).
app_name = "events"
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/pres-de-chez-moi/", views.near_me, name="near_me"),
    path("agenda/mes-inscriptions/", views.my_agenda, name="mine"),
    path("agenda/mes-inscriptions/nouvelle-adresse/", views.renew_feed, name="renew_feed"),
    path("agenda/perso/<str:token>.ics", views.personal_ical, name="personal_ical"),
    path("agenda/<int:pk>/evenement.ics", views.event_ical, name="event_ical"),
    path("agenda/<int:pk>/modifier/", views.event_edit, name="edit"),
    path("agenda/<int:pk>/annuler/", views.event_cancel, name="cancel"),
    path("agenda/<int:pk>/inscrits/", views.event_registrations, name="registrations"),
    path("agenda/<int:pk>/inscription/", views.register, name="register"),
    path("agenda/<int:pk>/desinscription/", views.unregister, name="unregister"),
    path("lieux/<int:pk>/agenda/", views.place_agenda, name="place_agenda"),
    path("lieux/<int:pk>/agenda.ics", views.place_ical, name="place_ical"),
    path("lieux/<int:place_pk>/evenements/nouveau/", views.event_create, name="create"),
    path(
        "territoires/<kind:kind>/<code:code>/agenda/",
        views.territory_agenda,
        name="territory_agenda",
    ),
    path(
        "territoires/<kind:kind>/<code:code>/agenda.ics",
        views.territory_ical,
        name="territory_ical",
    ),
]
