from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .forms import CauseForm
from .models import Cause, CauseSupport, Round


def current_round(request):
    round_ = Round.objects.order_by("-closes_at").first()
    if round_ is None:
        return render(request, "causes/round_detail.html", {"round": None})
    return round_detail(request, round_.pk)


def _supported(request, causes) -> set[int]:
    if not request.user.is_authenticated:
        return set()
    return set(
        CauseSupport.objects.filter(person=request.user, cause__in=causes).values_list(
            "cause", flat=True
        )
    )


def round_detail(request, pk):
    """Before the closing date, no ranking: the published causes in an order
    drawn at random for each visit, and no counts. Once the selection is
    stopped: every cause with its count and rank."""
    round_ = get_object_or_404(Round, pk=pk)
    now = timezone.now()
    published = round_.causes.filter(status=Cause.Status.PUBLISHED).select_related("territory")
    if round_.selected_at:
        causes = list(published.order_by("rank"))
    else:
        causes = list(published.order_by("?"))
    return render(
        request,
        "causes/round_detail.html",
        {
            "round": round_,
            "causes": causes,
            "is_open": not round_.is_closed(now),
            "supported": _supported(request, causes),
        },
    )


def _published_cause(request, pk) -> Cause:
    cause = get_object_or_404(Cause.objects.select_related("round", "territory"), pk=pk)
    if not permissions.can_view_cause(request.user, cause):
        raise Http404
    return cause


def cause_detail(request, pk):
    cause = _published_cause(request, pk)
    context = {
        "cause": cause,
        "is_open": not cause.round.is_closed(timezone.now()),
        "supports": cause.supports.count() if cause.round.selected_at else None,
        "supported": bool(_supported(request, [cause])),
    }
    return render(request, "causes/cause_detail.html", context)


@login_required
def propose(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    form = CauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.propose_cause(
                round_=round_,
                person=request.user,
                at=timezone.now(),
                territory=fields.pop("commune"),
                **fields,
            )
        except services.CauseRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Merci ! La cause sera publiée après une relecture par l'équipe de la coopérative."
                ),
            )
        return redirect(round_)
    return render(request, "causes/cause_form.html", {"round": round_, "form": form})


@require_POST
@login_required
def support(request, pk):
    cause = _published_cause(request, pk)
    try:
        services.support_cause(cause=cause, person=request.user, at=timezone.now())
    except services.CauseRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre soutien est compté."))
    return redirect(cause)


@require_POST
@login_required
def withdraw(request, pk):
    cause = _published_cause(request, pk)
    try:
        services.withdraw_support(cause=cause, person=request.user, at=timezone.now())
    except services.CauseRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre soutien est retiré."))
    return redirect(cause)


# Moderation, in French, scoped to the territories one animates ----------


@login_required
def moderation(request):
    if not permissions.can_moderate_causes(request.user):
        raise PermissionDenied
    waiting = (
        permissions.moderated_causes(request.user)
        .filter(status=Cause.Status.PROPOSED)
        .select_related("territory__departement", "round", "proposed_by")
        .order_by("created_at", "pk")[:100]
    )
    return render(request, "causes/moderation.html", {"waiting": list(waiting)})


def _moderated(request, pk) -> Cause:
    if not permissions.can_moderate_causes(request.user):
        raise PermissionDenied
    return get_object_or_404(
        permissions.moderated_causes(request.user), pk=pk, status=Cause.Status.PROPOSED
    )


@require_POST
@login_required
def moderation_publish(request, pk):
    cause = _moderated(request, pk)
    services.publish_cause(cause=cause, at=timezone.now())
    messages.success(request, _("« %(title)s » est publiée.") % {"title": cause.title})
    return redirect("causes:moderation")


@require_POST
@login_required
def moderation_reject(request, pk):
    cause = _moderated(request, pk)
    try:
        services.reject_cause(cause=cause, reason=request.POST.get("reason", "")[:1000])
    except services.CauseRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("« %(title)s » est refusée.") % {"title": cause.title})
    return redirect("causes:moderation")
