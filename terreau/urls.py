from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from terreau.core import views as core_views
from terreau.core.health import health

admin.site.site_header = _("Terreau — back-office")
admin.site.site_title = _("Terreau")
admin.site.index_title = _("Administration de la coopérative")

# Each app owns its routes and namespace; the pages that gather several apps
# are `pages` (home, territory, place, event, presence, poster), included
# last so that an app's fixed path (presence/mes-presences/) comes first.
urlpatterns = [
    path("", include("terreau.territories.urls")),
    path("", include("terreau.authorities.urls")),
    path("", include("terreau.places.urls")),
    path("", include("terreau.events.urls")),
    path("", include("terreau.checkins.urls")),
    path("", include("terreau.challenges.urls")),
    path("", include("terreau.support.urls")),
    path("", include("terreau.governance.urls")),
    path("", include("terreau.calls.urls")),
    path("", include("terreau.causes.urls")),
    path("", include("terreau.editorial.urls")),
    path("", include("terreau.boussole.urls")),
    path("compte/profil/", include("terreau.accounts.urls")),
    path("compte/ma-trace/", include("terreau.privacy.urls")),
    path("donnees/", include("terreau.opendata.urls")),
    path("api/", include("terreau.api.urls")),
    path("compte/", include("allauth.urls")),
    path("contrepartie/", core_views.footprint_page, name="footprint"),
    path("a-propos/", core_views.about, name="about"),
    path("legal/<slug:kind>/", core_views.legal, name="legal"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("sante/", health, name="health"),
    path("back-office/", admin.site.urls),
    path("", include("terreau.pages.urls")),
]

handler400 = "terreau.core.views.bad_request"
handler403 = "terreau.core.views.permission_denied"
handler404 = "terreau.core.views.page_not_found"
handler500 = "terreau.core.views.server_error"
