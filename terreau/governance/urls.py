from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("cooperative/", views.campaign, name="campaign"),
    path("cooperative/adherer/", views.apply, name="apply"),
    path("cooperative/adherer/annuler/", views.cancel_application, name="cancel_application"),
    path("cooperative/statuts/", views.statutes_file, name="statutes"),
    path("cooperative/certificat/<int:number>/", views.certificate, name="certificate"),
    path("cooperative/reglages/", views.cooperative_settings, name="settings"),
    path("cooperative/registre/", views.register, name="register"),
    path("cooperative/registre.csv", views.register_csv, name="register_csv"),
    path(
        "cooperative/registre/demandes/<int:pk>/paiement/",
        views.record_payment,
        name="record_payment",
    ),
    path("cooperative/registre/mouvement/", views.record_movement, name="record_movement"),
    path("cooperative/assemblees/", views.assembly_list, name="assemblies"),
    path("cooperative/assemblees/<int:pk>/", views.assembly_detail, name="assembly"),
    path("cooperative/assemblees/<int:pk>/voter/", views.vote, name="vote"),
    path("cooperative/assemblees/<int:pk>/convoquer/", views.convocation, name="convocation"),
    path(
        "cooperative/assemblees/<int:pk>/resultats/", views.publish_results, name="publish_results"
    ),
    path("cooperative/assemblees/<int:pk>/procuration/", views.proxy_give, name="proxy_give"),
    path(
        "cooperative/assemblees/<int:pk>/procuration/revoquer/",
        views.proxy_revoke,
        name="proxy_revoke",
    ),
    path("cooperative/assemblees/<int:pk>/proces-verbal/", views.minutes, name="minutes"),
    path("cooperative/resolutions/<int:pk>/bulletins/", views.ballots, name="ballots"),
    path("cooperative/documents/<int:pk>/", views.document, name="document"),
    path("cooperative/journal/", views.audit_log, name="audit"),
    path("lois/", views.law_list, name="laws"),
    path("lois/<int:number>/", views.law_detail, name="law"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/nouvelle/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/amender/", views.amend, name="amend"),
    path("consultations/<int:pk>/commenter/", views.comment, name="comment"),
    path("amendements/<int:pk>/soutenir/", views.support, name="support"),
    path("amendements/<int:pk>/repondre/", views.answer, name="answer"),
]
