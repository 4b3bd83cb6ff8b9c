from django.urls import path, register_converter

from . import views


class KindConverter:
    regex = "region|departement|epci|commune"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CodeConverter:
    # INSEE codes (2A004, 97105), département codes (2A, 971), SIREN of EPCI.
    regex = "[0-9AB]{2,9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KindConverter, "kind")
register_converter(CodeConverter, "code")

# The territory page itself gathers places, events, marathons…: it is a page
# of `pages` (pages:territory).
app_name = "territories"
urlpatterns = [
    path("territoires/", views.search, name="search"),
    path("territoires/<kind:kind>/<code:code>/communes/", views.communes, name="communes"),
]
