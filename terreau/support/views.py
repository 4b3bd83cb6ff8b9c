from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.territories.models import Territory

from . import permissions, services
from .consent import CONSENT_TEXT, CONSENT_VERSION
from .domains import BY_KEY, DOMAINS
from .forms import ConflictForm, DirectoryForm, ExpertForm
from .models import ExpertArea, ExpertConsent, ExpertProfile

PAGE_SIZE = 20
LEVELS = ("commune", "epci", "departement", "region")


def _with_details(profiles):
    """Profiles with what a list or a page shows, in a constant number of
    queries: their territories and the consent in force."""
    return profiles.prefetch_related(
        Prefetch("areas", queryset=ExpertArea.objects.select_related("territory")),
        Prefetch("consents", queryset=ExpertConsent.objects.order_by("-given_at", "-pk")),
    )


def index(request):
    """The accompaniment's front page: find an expert, become one."""
    return render(
        request,
        "support/index.html",
        {
            "form": DirectoryForm(),
            "domains": DOMAINS,
            "experts": ExpertProfile.objects.public().count(),
        },
    )


def directory(request, kind=None, code=None):
    """The experts of a territory, with those covering it from above (its
    EPCI, département, région); nationwide, the latest published."""
    territory = None
    if kind is not None:
        territory = get_object_or_404(Territory, kind=kind, code=code)
    form = DirectoryForm(request.GET or None)
    domain = ""
    if form.is_valid():
        domain = form.cleaned_data["domaine"]
        commune = form.cleaned_data["commune"]
        if commune is not None and commune != territory:
            url = reverse(
                "support:territory_directory", kwargs={"kind": commune.kind, "code": commune.code}
            )
            return redirect(url + ("?domaine=%s" % domain if domain else ""))
    profiles = ExpertProfile.objects.public()
    if territory is not None:
        profiles = profiles.covering(territory)
    if domain:
        # Domains are a short JSON list of fixed keys: matching the quoted key
        # in its text works alike on SQLite and PostgreSQL.
        profiles = profiles.filter(domains__icontains='"%s"' % domain)
    profiles = _with_details(profiles).order_by("-published_at", "pk")
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/directory.html",
        {
            "territory": territory,
            "form": form,
            "domain": BY_KEY.get(domain),
            "page": page,
            "profiles": page.object_list,
            "query": query.urlencode(),
        },
    )


def _visible_profile(request, pk) -> ExpertProfile:
    profile = get_object_or_404(
        _with_details(ExpertProfile.objects.select_related("person")), pk=pk
    )
    if not permissions.can_view_expert(request.user, profile):
        raise Http404
    return profile


def expert_detail(request, pk):
    profile = _visible_profile(request, pk)
    return render(
        request,
        "support/expert_detail.html",
        {
            "profile": profile,
            "shown": profile.shown,
            "is_owner": request.user.is_authenticated and profile.person_id == request.user.pk,
        },
    )


def expert_photo(request, pk):
    """The photo, from our own origin, only while its consent says so."""
    profile = _visible_profile(request, pk)
    if not profile.photo or "photo" not in profile.shown:
        raise Http404
    response = FileResponse(profile.photo.open("rb"), content_type="image/jpeg")
    # Short: a withdrawn consent must not live on in caches for long.
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def my_profile(request):
    profile = (
        _with_details(ExpertProfile.objects.filter(person=request.user))
        .prefetch_related("conflicts__place__commune", "conflicts__authority")
        .first()
    )
    form = ExpertForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        initial={"display_name": request.user.display_name, "contact": request.user.email}
        if profile is None
        else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_profile(person=request.user, **form.values())
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if saved.status == ExpertProfile.Status.PROPOSED:
                messages.success(
                    request,
                    _("Profil enregistré : il sera publié après relecture par la coopérative."),
                )
            else:
                messages.success(request, _("Profil enregistré."))
            return redirect("support:my_profile")
    return render(
        request,
        "support/my_profile.html",
        {
            "profile": profile,
            "form": form,
            "consent_text": CONSENT_TEXT,
            "consent_version": CONSENT_VERSION,
        },
    )


def _own_profile(request) -> ExpertProfile:
    profile = ExpertProfile.objects.filter(person=request.user).first()
    if profile is None:
        raise Http404
    return profile


@require_POST
@login_required
def pause(request):
    profile = _own_profile(request)
    paused = request.POST.get("paused") == "1"
    services.set_paused(profile=profile, paused=paused)
    messages.success(
        request,
        _("Vous êtes en pause : aucune demande ne vous sera proposée.")
        if paused
        else _("Pause terminée : les demandes peuvent à nouveau vous être proposées."),
    )
    return redirect("support:my_profile")


@require_POST
@login_required
def withdraw(request):
    profile = _own_profile(request)
    services.withdraw_consent(profile=profile)
    messages.success(
        request, _("Accord retiré : votre profil n'est plus visible et votre photo est supprimée.")
    )
    return redirect("support:my_profile")


@login_required
def conflicts(request):
    profile = _own_profile(request)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.declare_conflict(
                profile=profile, note=data["note"], place=data["place"], authority=data["authority"]
            )
        except services.SupportRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Lien déclaré : ses demandes ne vous seront pas proposées.")
            )
            return redirect("support:my_profile")
    return render(request, "support/conflict_form.html", {"form": form})


@require_POST
@login_required
def conflict_remove(request, pk):
    services.remove_conflict(profile=_own_profile(request), pk=pk)
    messages.success(request, _("Lien retiré."))
    return redirect("support:my_profile")


@login_required
def moderation(request):
    if not permissions.can_moderate_experts(request.user):
        raise PermissionDenied
    waiting = _with_details(
        permissions.moderated_experts(request.user)
        .filter(status=ExpertProfile.Status.PROPOSED)
        .distinct()
    ).order_by("updated_at", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        waiting = waiting.filter(
            Q(display_name__icontains=query) | Q(presentation__icontains=query)
        )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/moderation.html",
        {
            "page": page,
            "waiting": page.object_list,
            "q": query,
            "query": "q=%s" % query if query else "",
        },
    )


def _moderated(request, pk) -> ExpertProfile:
    if not permissions.can_moderate_experts(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.moderated_experts(request.user).distinct(),
        pk=pk,
        status=ExpertProfile.Status.PROPOSED,
    )


@require_POST
@login_required
def moderation_publish(request, pk):
    profile = _moderated(request, pk)
    services.publish_profile(profile=profile, by=request.user)
    messages.success(
        request, _("Le profil de %(name)s est publié.") % {"name": profile.display_name}
    )
    return redirect("support:moderation")


@require_POST
@login_required
def moderation_reject(request, pk):
    profile = _moderated(request, pk)
    reason = request.POST.get("reason", "").strip()[:1000]
    if not reason:
        messages.error(request, _("Dites pourquoi le profil est refusé : son auteur le lira."))
        return redirect("support:moderation")
    services.reject_profile(profile=profile, by=request.user, reason=reason)
    messages.success(
        request, _("Le profil de %(name)s est refusé.") % {"name": profile.display_name}
    )
    return redirect("support:moderation")
