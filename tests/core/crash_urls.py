"""Terreau's URLs and one view that fails, for tests/core/test_error_reports.py."""

from django.urls import include, path


def crash(request, pk):
    raise RuntimeError("panne simulée")


urlpatterns = [
    path("panne/<int:pk>/", crash),
    path("", include("terreau.urls")),
]

handler500 = "terreau.core.views.server_error"
