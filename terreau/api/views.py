from django.conf import settings
from django.shortcuts import render

from .api import api, operations


def documentation(request):
    """The API's documentation, rendered here from its own OpenAPI schema:
    no script or style from another origin (the usual Swagger UI loads both)."""
    return render(
        request,
        "api/documentation.html",
        {
            "operations": operations(),
            "title": api.title,
            "version": api.version,
            "rate": settings.TERREAU_API_RATE,
        },
    )
