from django.urls import path

# Registers the <kind:…> and <code:…> converters of territory URLs.
from terreau.territories import urls as _territory_urls  # noqa: F401

from . import views

app_name = "support"
urlpatterns = [
    path("accompagnement/", views.index, name="index"),
    path("accompagnement/demander/", views.ask, name="ask"),
    path("accompagnement/demandes/", views.my_requests, name="requests"),
    path("accompagnement/demandes/<int:pk>/", views.request_detail, name="request"),
    path("accompagnement/demandes/<int:pk>/rendez-vous/", views.meeting, name="meeting"),
    path("accompagnement/demandes/<int:pk>/clore/", views.close, name="close"),
    path("accompagnement/demandes/<int:pk>/avis/", views.feedback, name="feedback"),
    path(
        "accompagnement/demandes/<int:pk>/retirer/", views.withdraw_request, name="withdraw_request"
    ),
    path("accompagnement/propositions/<int:pk>/accepter/", views.accept, name="accept"),
    path("accompagnement/propositions/<int:pk>/decliner/", views.decline, name="decline"),
    path("accompagnement/sans-expert/", views.gaps, name="gaps"),
    path("diagnostic/", views.diagnostic_index, name="diagnostics"),
    path("diagnostic/resultat/<int:pk>/", views.diagnostic_detail, name="diagnostic"),
    path(
        "diagnostic/resultat/<int:pk>/publier/", views.diagnostic_publish, name="diagnostic_publish"
    ),
    path("diagnostic/lieu/<int:place_pk>/", views.diagnostic_take_place, name="diagnostic_place"),
    path(
        "diagnostic/collectivite/<int:territory_pk>/",
        views.diagnostic_take_authority,
        name="diagnostic_authority",
    ),
    path("diagnostic/<slug:key>/", views.diagnostic_take, name="diagnostic_take"),
    path("experts/", views.directory, name="directory"),
    path("experts/mon-profil/", views.my_profile, name="my_profile"),
    path("experts/mon-profil/pause/", views.pause, name="pause"),
    path("experts/mon-profil/retirer/", views.withdraw, name="withdraw"),
    path("experts/mon-profil/conflits/", views.conflicts, name="conflicts"),
    path(
        "experts/mon-profil/conflits/<int:pk>/retirer/",
        views.conflict_remove,
        name="conflict_remove",
    ),
    path("experts/moderation/", views.moderation, name="moderation"),
    path(
        "experts/moderation/<int:pk>/publier/", views.moderation_publish, name="moderation_publish"
    ),
    path("experts/moderation/<int:pk>/refuser/", views.moderation_reject, name="moderation_reject"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
    path("experts/<int:pk>/photo/", views.expert_photo, name="photo"),
    path(
        "territoires/<kind:kind>/<code:code>/experts/",
        views.directory,
        name="territory_directory",
    ),
]
