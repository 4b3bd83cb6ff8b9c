from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("catalogue.jsonld", views.catalogue, name="catalogue"),
    path("<slug:slug>.csv", views.as_csv, name="csv"),
    path("<slug:slug>.json", views.as_json, name="json"),
    path("<slug:slug>.schema.json", views.schema, name="schema"),
]
