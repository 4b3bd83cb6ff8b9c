from django.conf import settings


def site(request):
    """What every page's head and footer say, read from the settings (no
    query): the canonical address (the public site's, without the query
    string) and the RGAA's accessibility status."""
    return {
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
        "accessibility_status": settings.TERREAU_ACCESSIBILITY_STATUS,
    }
