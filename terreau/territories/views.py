from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .forms import TerritorySearchForm
from .models import Territory

RESULTS = 30
PAGE_SIZE = 50


def search(request):
    form = TerritorySearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = list(
            Territory.objects.search(form.cleaned_data["q"]).select_related("departement")[:RESULTS]
        )
    return render(request, "territories/search.html", {"form": form, "results": results})


def communes(request, kind, code):
    """Every current commune of an EPCI, a département or a région, a page at a time."""
    territory = get_object_or_404(Territory, kind=kind, code=code)
    page = Paginator(
        territory.communes().select_related("departement").order_by("name", "code"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "territories/communes.html", {"territory": territory, "page": page})
