from django.urls import path

from . import views

app_name = "causes"

urlpatterns = [
    path("causes/", views.current_round, name="current"),
    path("causes/moderation/", views.moderation, name="moderation"),
    path(
        "causes/moderation/<int:pk>/publier/", views.moderation_publish, name="moderation_publish"
    ),
    path("causes/moderation/<int:pk>/refuser/", views.moderation_reject, name="moderation_reject"),
    path("causes/selection/<int:pk>/", views.round_detail, name="round"),
    path("causes/selection/<int:pk>/proposer/", views.propose, name="propose"),
    path("causes/<int:pk>/", views.cause_detail, name="detail"),
    path("causes/<int:pk>/soutenir/", views.support, name="support"),
    path("causes/<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
