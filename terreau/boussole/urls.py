from django.urls import path

from . import views

app_name = "boussole"

urlpatterns = [
    path("boussole/", views.index, name="index"),
    path("boussole/nouvelle/", views.start, name="start"),
    path("boussole/<int:pk>/", views.assessment_detail, name="assessment"),
    path("boussole/<int:pk>/projet/", views.describe, name="describe"),
    path("boussole/<int:pk>/loi/<int:law>/", views.answer_law, name="law"),
    path("boussole/<int:pk>/publier/", views.publish, name="publish"),
    path("boussole/<int:pk>/reprendre/", views.rerun, name="rerun"),
    path("boussole/<int:pk>/supprimer/", views.delete, name="delete"),
    path("boussole/<int:pk>/remarques/", views.add_remark, name="remark"),
    path("boussole/<int:pk>/evaluation.json", views.export_json, name="json"),
    path("boussole/<int:pk>/evaluation.csv", views.export_csv, name="csv"),
    path("boussole/<int:pk>/rapport.pdf", views.export_pdf, name="pdf"),
]
