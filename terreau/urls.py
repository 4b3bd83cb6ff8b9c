from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from terreau import views as pages
from terreau.checkins import urls as checkin_urls
from terreau.core import views as core_views
from terreau.events import urls as event_urls
from terreau.places import urls as place_urls
from terreau.places import views as place_views
from terreau.territories import urls as territory_urls

admin.site.site_header = _("Terreau — back-office")
admin.site.site_title = _("Terreau")
admin.site.index_title = _("Administration de la coopérative")

place_routes = [
    *place_urls.urlpatterns,
    path("<int:pk>/", pages.place_page, name="detail"),
]
event_routes = [
    *event_urls.urlpatterns,
    path("agenda/<int:pk>/", pages.event_page, name="detail"),
]
checkin_routes = [
    *checkin_urls.urlpatterns,
    path("presence/<str:token>/", pages.presence_page, name="confirm"),
    path("lieux/<int:pk>/affiche/", pages.poster_page, name="poster"),
]
territory_routes = [
    *territory_urls.urlpatterns,
    path("<kind:kind>/<code:code>/", pages.territory_page, name="detail"),
]

urlpatterns = [
    path("", pages.home, name="home"),
    path("territoires/", include((territory_routes, "territories"))),
    path(
        "territoires/<kind:kind>/<code:code>/lieux/",
        place_views.place_list,
        name="territory_places",
    ),
    path("", include((event_routes, "events"))),
    path("", include((checkin_routes, "checkins"))),
    path("lieux/", include((place_routes, "places"))),
    path("", include("terreau.challenges.urls")),
    path("", include("terreau.governance.urls")),
    path("", include("terreau.calls.urls")),
    path("", include("terreau.causes.urls")),
    path("compte/profil/", include("terreau.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("contrepartie/", core_views.footprint_page, name="footprint"),
    path("a-propos/", core_views.about, name="about"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("back-office/", admin.site.urls),
]

handler400 = "terreau.core.views.bad_request"
handler403 = "terreau.core.views.permission_denied"
handler404 = "terreau.core.views.page_not_found"
handler500 = "terreau.core.views.server_error"
