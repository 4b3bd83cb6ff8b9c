from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("appels/", views.call_list, name="list"),
    path("appels/<int:pk>/", views.call_detail, name="detail"),
    path("appels/<int:pk>/soutiens/", views.call_supports, name="supports"),
    path("appels/<int:pk>/candidater/", views.application_start, name="start"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/modifier/", views.application_edit, name="edit"),
    path("candidatures/<int:pk>/co-auteurs/", views.invite_author, name="invite_author"),
    path("candidatures/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("candidatures/<int:pk>/deposer/", views.submit, name="submit"),
    path("candidatures/<int:pk>/abandonner/", views.abandon, name="abandon"),
    path("candidatures/<int:pk>/quitter/", views.leave, name="leave"),
    path("candidatures/<int:pk>/rejoindre/", views.request_to_join, name="join"),
    path("candidatures/<int:pk>/soutenir/", views.support, name="support"),
    path("candidatures/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("jury/appels/<int:pk>/", views.jury_board, name="jury"),
    path("jury/appels/<int:pk>/classement/", views.ranking, name="ranking"),
    path("jury/appels/<int:pk>/laureats/", views.confirm_laureates, name="confirm"),
    path("jury/appels/<int:pk>/marathons/", views.create_marathons, name="marathons"),
    path("jury/candidatures/<int:pk>/", views.review, name="review"),
    path("jury/candidatures/<int:pk>/conflit/", views.declare_conflict, name="conflict"),
]
