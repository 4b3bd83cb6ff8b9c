from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("defis/", views.challenge_list, name="list"),
    path("defis/facteurs/", views.factor_table, name="factors"),
    path("marathons/<int:pk>/rejoindre/", views.marathon_join, name="join"),
    path("marathons/<int:pk>/equipes/nouvelle/", views.team_create, name="team_create"),
    path("marathons/<int:pk>/etapes/nouvelle/", views.stage_edit, name="stage_create"),
    path("marathons/<int:pk>/animation/", views.dashboard, name="dashboard"),
    path("marathons/<int:pk>/animation/programme/", views.programme, name="programme"),
    path(
        "marathons/<int:pk>/animation/publier/", views.publish_programme, name="publish_programme"
    ),
    path(
        "marathons/<int:pk>/animation/<str:kind>.csv",
        views.dashboard_csv,
        name="dashboard_csv",
    ),
    path("marathons/<int:pk>/etapes/<int:stage_pk>/", views.stage_edit, name="stage_edit"),
    path("equipes/<int:pk>/", views.team_detail, name="team"),
    path("equipes/<int:pk>/demande/", views.team_request, name="team_request"),
    path(
        "equipes/<int:pk>/demandes/<int:request_pk>/accepter/",
        views.team_accept,
        name="team_accept",
    ),
    path(
        "equipes/<int:pk>/demandes/<int:request_pk>/refuser/",
        views.team_refuse,
        name="team_refuse",
    ),
    path("equipes/<int:pk>/quitter/", views.team_leave, name="team_leave"),
    path("equipes/<int:pk>/retirer/", views.team_remove, name="team_remove"),
    path("equipes/rejoindre/<str:token>/", views.team_join, name="team_join"),
]
