from django import forms
from django.shortcuts import get_object_or_404, render

from terreau.core.forms import ThemeFilterField

from . import factors
from .models import Challenge


class ThemeFilterForm(forms.Form):
    theme = ThemeFilterField()


def challenge_list(request):
    challenges = Challenge.objects.filter(is_published=True).select_related("theme")
    filters = ThemeFilterForm(request.GET or None)
    if filters.is_valid() and filters.cleaned_data["theme"]:
        challenges = challenges.filter(theme=filters.cleaned_data["theme"])
    return render(
        request,
        "challenges/challenge_list.html",
        {"challenges": list(challenges), "filters": filters},
    )


def challenge_detail(request, slug):
    challenge = get_object_or_404(
        Challenge.objects.select_related("theme"), slug=slug, is_published=True
    )
    return render(
        request,
        "challenges/challenge_detail.html",
        {"challenge": challenge, "factor": challenge.factor},
    )


def factor_table(request):
    rows = sorted(factors.table().values(), key=lambda f: (f.key, f.version))
    return render(request, "challenges/factor_table.html", {"factors": rows})
