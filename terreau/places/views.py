from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.territories.models import Territory

from . import permissions, services
from .forms import InviteCohostForm, OpeningHoursForm, PlaceFilterForm, PlaceForm, PlaceReportForm
from .models import HostInvitation, Place

PAGE_SIZE = 20


def _get_place(request, pk) -> Place:
    place = get_object_or_404(Place.objects.select_related("commune__departement"), pk=pk)
    if not permissions.can_view_place(request.user, place):
        raise Http404
    return place


def place_list(request, kind=None, code=None):
    """Published places, nationwide or in one territory, filtered by kind and theme."""
    territory = None
    places = Place.objects.published().for_listing()
    if kind is not None:
        territory = get_object_or_404(Territory, kind=kind, code=code)
        places = places.in_territory(territory)
    filters = PlaceFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["type"]:
            places = places.filter(kind=filters.cleaned_data["type"])
        if filters.cleaned_data["theme"]:
            places = places.filter(themes=filters.cleaned_data["theme"])
    page = Paginator(places.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "places/place_list.html",
        {"territory": territory, "page": page, "filters": filters, "query": query.urlencode()},
    )


def place_context(request, pk) -> dict:
    """What the place page shows about the place itself; the page is composed
    in `pages` (pages:place), which adds its agenda."""
    place = _get_place(request, pk)
    return {
        "place": place,
        "themes": list(place.themes.all()),
        "opening_hours": list(place.opening_hours.all()),
        "hosts": list(place.hosts.select_related("person")),
        "can_edit": permissions.can_edit_place(request.user, place),
        "can_report": permissions.can_report_place(request.user, place),
    }


@login_required
def place_propose(request):
    form = PlaceForm(request.POST or None)
    hours = OpeningHoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        place = services.propose_place(
            person=request.user, hours=hours.cleaned_data["slots"], **form.cleaned_data
        )
        messages.success(
            request,
            _("Merci ! « %(name)s » sera visible de tous dès que l'équipe l'aura relu.")
            % {"name": place.name},
        )
        return redirect(place)
    return render(request, "places/place_form.html", {"form": form, "hours": hours, "place": None})


@login_required
def place_edit(request, pk):
    place = _get_place(request, pk)
    if not permissions.can_edit_place(request.user, place):
        raise PermissionDenied
    form = PlaceForm(request.POST or None, instance=place)
    hours = OpeningHoursForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        was_published = place.is_published
        place = services.update_place(
            place=place, hours=hours.cleaned_data["slots"], **form.cleaned_data
        )
        messages.success(request, _("Les modifications sont enregistrées."))
        if was_published and not place.is_published:
            messages.info(
                request,
                _(
                    "Le lieu change de commune : il repasse par la modération avant de "
                    "réapparaître. Les soutiens qu'il a donnés ailleurs sont retirés."
                ),
            )
        return redirect(place)
    return render(request, "places/place_form.html", {"form": form, "hours": hours, "place": place})


@login_required
def place_hosts(request, pk):
    place = _get_place(request, pk)
    if not permissions.can_invite_cohost(request.user, place):
        raise PermissionDenied
    form = InviteCohostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_cohost(
                place=place, invited_by=request.user, email=form.cleaned_data["email"]
            )
        except services.PlaceRefused as refusal:
            form.add_error("email", refusal.message)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("places:hosts", pk=place.pk)
    context = {
        "place": place,
        "form": form,
        "hosts": list(place.hosts.select_related("person")),
        "pending": list(place.invitations.filter(accepted_at__isnull=True).order_by("-created_at")),
    }
    return render(request, "places/place_hosts.html", context)


@login_required
def accept_invitation(request, token):
    if request.method == "POST":
        try:
            place = services.accept_invitation(token=token, person=request.user, at=timezone.now())
        except services.PlaceRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("pages:home")
        messages.success(
            request, _("Vous êtes désormais hôte de « %(name)s ».") % {"name": place.name}
        )
        return redirect(place)
    invitation = (
        HostInvitation.objects.select_related("place", "invited_by").filter(token=token).first()
    )
    if invitation is None or not invitation.is_usable(timezone.now()):
        raise Http404
    return render(request, "places/accept_invitation.html", {"invitation": invitation})


@login_required
def place_report(request, pk):
    place = _get_place(request, pk)
    if not permissions.can_report_place(request.user, place):
        raise PermissionDenied
    form = PlaceReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_place(place=place, person=request.user, **form.cleaned_data)
        except services.PlaceRefused as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, _("Merci, votre signalement a été transmis à l'équipe."))
        return redirect(place)
    return render(request, "places/place_report.html", {"place": place, "form": form})


@login_required
def my_places(request):
    places = (
        Place.objects.hosted_by(request.user)
        .select_related("commune__departement")
        .order_by("name")
    )
    return render(request, "places/my_places.html", {"places": places})


# Moderation, in French, scoped to the territories one animates ----------

MODERATION_PAGE = 20


@login_required
def moderation(request):
    """The places waiting for moderation that this person may decide:
    staff see all, an animator those of their territories only."""
    if not permissions.can_moderate_places(request.user):
        raise PermissionDenied
    waiting = (
        permissions.moderated_places(request.user)
        .filter(status=Place.Status.PROPOSED)
        .select_related("commune__departement", "proposed_by")
        .order_by("created_at", "pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        waiting = waiting.filter(Q(name__icontains=query) | Q(commune__name__icontains=query))
    page = Paginator(waiting, MODERATION_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "query": urlencode({"q": query}) if query else "",  # kept by the pagination
        "waiting": page.object_list,
    }
    return render(request, "places/moderation.html", context)


def _moderated(request, pk) -> Place:
    """A place waiting for moderation within this person's scope; another
    territory's place does not exist for them."""
    if not permissions.can_moderate_places(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.moderated_places(request.user), pk=pk, status=Place.Status.PROPOSED
    )


@require_POST
@login_required
def moderation_publish(request, pk):
    place = _moderated(request, pk)
    services.publish_places([place])
    messages.success(
        request, _("« %(name)s » est publié ; ses hôtes sont prévenus.") % {"name": place.name}
    )
    return redirect("places:moderation")


@require_POST
@login_required
def moderation_reject(request, pk):
    place = _moderated(request, pk)
    reason = request.POST.get("reason", "").strip()[:1000]
    if not reason:
        messages.error(request, _("Dites pourquoi le lieu est refusé : ses hôtes le liront."))
        return redirect("places:moderation")
    services.reject_places([place], reason=reason)
    messages.success(request, _("« %(name)s » est refusé.") % {"name": place.name})
    return redirect("places:moderation")
