from django.urls import path

from . import views

app_name = "authorities"
urlpatterns = [
    path("collectivites/representer/", views.ask, name="ask"),
    path("collectivites/demandes/", views.request_list, name="requests"),
    path("collectivites/demandes/<int:pk>/", views.request_detail, name="request"),
    path("collectivites/demandes/<int:pk>/code/", views.confirm_code, name="confirm_code"),
    path("collectivites/demandes/<int:pk>/nouveau-code/", views.new_code, name="new_code"),
    path("collectivites/demandes/<int:pk>/decision/", views.decide, name="decide"),
    path("collectivites/demandes/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("collectivites/demandes/<int:pk>/document/", views.document, name="document"),
    path("collectivites/roles/<int:pk>/visibilite/", views.visibility, name="visibility"),
    path("collectivites/animer/<int:territory_pk>/", views.ask_animation, name="ask_animation"),
    path(
        "collectivites/animations/<int:pk>/decision/",
        views.decide_animation,
        name="decide_animation",
    ),
]
