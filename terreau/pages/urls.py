"""The pages that gather several apps. Included after the apps' own URLs:
`presence/<token>/` must not shadow `presence/mes-presences/`."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

# Registers the <kind:…> and <code:…> converters of territory URLs.
from terreau.territories import urls as _territory_urls  # noqa: F401

from . import views
from .sitemaps import SITEMAPS

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("territoires/<kind:kind>/<code:code>/", views.territory_page, name="territory"),
    path("collectivites/<kind:kind>/<code:code>/", views.authority_page, name="authority"),
    path("lieux/<int:pk>/", views.place_page, name="place"),
    path("lieux/<int:pk>/presence/", views.place_presence, name="place_presence"),
    path(
        "lieux/<int:pk>/presence/confirmer/",
        views.confirm_place_presence,
        name="confirm_place_presence",
    ),
    path("lieux/<int:pk>/presence/valider/", views.validate_at_place, name="validate_at_place"),
    path("lieux/<int:pk>/affiche/", views.poster_page, name="poster"),
    path("agenda/<int:pk>/", views.event_page, name="event"),
    path("recherche/", views.search_page, name="search"),
    path("algorithmes/", views.algorithms_page, name="algorithms"),
    path("marathons/", views.marathons, name="marathons"),
    path("marathons/<int:pk>/", views.marathon_page, name="marathon"),
    path("defis/<slug:slug>/", views.challenge_page, name="challenge"),
    path("moi/", views.my_page, name="me"),
    path("presence/<str:token>/", views.presence_page, name="presence"),
    path("p/<str:code>/", views.short_presence, name="short_presence"),
    path("defis/releve/<str:token>/", views.complete_defi, name="complete_defi"),
]
