import csv

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.core import versions
from terreau.core.forms import ThemeFilterField
from terreau.territories.forms import CommuneField
from terreau.territories.models import Territory

from . import dashboard as dashboard_figures
from . import factors, permissions, plausibility, progress, services, weekly, where
from .forms import JoinForm, ProgrammeForm, StageForm, TeamForm
from .models import (
    Challenge,
    Completion,
    Marathon,
    Participant,
    Stage,
    Team,
    TeamMember,
    TeamRequest,
)


class ThemeFilterForm(forms.Form):
    theme = ThemeFilterField()


class CommuneChoiceForm(forms.Form):
    commune = CommuneField(label=gettext_lazy("Votre commune"), required=False)


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


def challenge_context(request, slug) -> dict:
    """What the défi page shows of the défi; the page is composed in
    `pages` (pages:challenge), which adds the stories about it."""
    challenge = get_object_or_404(
        Challenge.objects.select_related("theme"), slug=slug, is_published=True
    )
    # Where to take it up: near the commune typed in, or the person's own.
    commune_form = CommuneChoiceForm(request.GET or None)
    commune_id = None
    if commune_form.is_bound and commune_form.is_valid() and commune_form.cleaned_data["commune"]:
        commune_id = commune_form.cleaned_data["commune"].pk
    elif not commune_form.is_bound and request.user.is_authenticated:
        commune_id = request.user.home_commune_id
    communes = Territory.objects.select_related("epci", "departement")
    commune = communes.get(pk=commune_id) if commune_id else None
    if commune is not None and not commune_form.is_bound:
        commune_form = CommuneChoiceForm(initial={"commune": commune})
    return {
        "challenge": challenge,
        "commune_form": commune_form,
        "nearby": where.nearby(challenge, commune, timezone.now()) if commune else None,
        "factor": challenge.factor,
        "rules": plausibility.rules_of([challenge])[challenge.pk],
        "origin_label": challenge.factor.origin[0],
        "origin_url": challenge.factor.origin[1],
    }


def factor_table(request):
    rows = sorted(factors.table().values(), key=lambda f: (f.key, f.version))
    return render(request, "challenges/factor_table.html", {"factors": rows})


# Marathons, teams and défis done ------------------------------------------


def marathon_context(request, pk) -> dict:
    """What the marathon page shows of the marathon; the page is composed in
    `pages` (pages:marathon), which adds the stories about it."""
    marathon = get_object_or_404(Marathon.objects.select_related("territory"), pk=pk)
    today = timezone.localdate()
    participant = None
    my_team = None
    if request.user.is_authenticated:
        participant = Participant.objects.filter(marathon=marathon, person=request.user).first()
        member = (
            TeamMember.objects.filter(marathon=marathon, person=request.user)
            .select_related("team")
            .first()
        )
        my_team = member.team if member else None
    can_run = permissions.can_run_marathon(request.user, marathon)
    stages = marathon.stages.prefetch_related("challenges")
    if not can_run:  # drafts are their animators' only
        stages = stages.filter(is_published=True)
    return {
        "marathon": marathon,
        "stages": list(stages),
        "participant": participant,
        "my_team": my_team,
        "join_form": JoinForm(),
        "team_form": TeamForm(),
        "can_run": can_run,
        "today": today,
        **_marathon_figures(marathon, today),
    }


def _marathon_figures(marathon: Marathon, today) -> dict:
    """Its progress and weekly chart: aggregates over every défi done, kept
    in the shared cache until a défi, a participant, a team or a stage
    changes them (`progress.marathon_changed`), or the day turns."""

    def compute():
        completions = Completion.objects.filter(stage__marathon=marathon)
        return {
            "progress": progress.marathon_progress(marathon, today),
            **weekly.chart(completions, today),
        }

    name = "marathon-figures:%d:%s" % (marathon.pk, today.isoformat())
    return versions.remember(name, [progress.scope(marathon.pk)], compute)


@require_POST
@login_required
def marathon_join(request, pk):
    marathon = get_object_or_404(Marathon.objects.select_related("territory"), pk=pk)
    form = JoinForm(request.POST)
    form.is_valid()
    try:
        services.join_marathon(
            person=request.user,
            marathon=marathon,
            show_name=form.cleaned_data.get("show_name", False),
        )
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Bienvenue dans le marathon ! Rejoignez ou créez une équipe, puis relevez vos premiers défis sur place."
            ),
        )
    # Joined from a presence page: back there, where the défis now show.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(marathon)


@require_POST
@login_required
def team_create(request, pk):
    marathon = get_object_or_404(Marathon, pk=pk)
    form = TeamForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(marathon)
    try:
        team = services.create_team(person=request.user, marathon=marathon, **form.cleaned_data)
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(marathon)
    messages.success(request, _("Équipe créée. Partagez son lien d'invitation."))
    return redirect(team)


def team_detail(request, pk):
    team = get_object_or_404(Team.objects.select_related("marathon__territory"), pk=pk)
    members = list(team.members.select_related("person"))
    visible = set(
        Participant.objects.filter(
            marathon=team.marathon, show_name=True, person__in=[m.person for m in members]
        ).values_list("person_id", flat=True)
    )
    is_member = request.user.is_authenticated and any(
        m.person_id == request.user.pk for m in members
    )
    completions = Completion.objects.filter(team=team)
    lines = progress.impact_of(completions)
    context = {
        "team": team,
        "named": [
            m.person for m in members if m.person_id in visible or m.person_id == request.user.pk
        ],
        "member_count": len(members),
        "is_member": is_member,
        "done": completions.count(),
        "impact": lines,
        "totals": progress.totals_by_unit(lines),
        "invite_url": settings.SITE_URL + reverse("challenges:team_join", args=[team.invite_token])
        if permissions.can_see_invite_link(request.user, team)
        else None,
        "requests": list(team.requests.select_related("person"))
        if permissions.can_answer_requests(request.user, team)
        else [],
        "has_requested": request.user.is_authenticated
        and team.requests.filter(person=request.user).exists(),
        **weekly.chart(completions, timezone.localdate()),
    }
    return render(request, "challenges/team_detail.html", context)


@login_required
def team_join(request, token):
    team = get_object_or_404(Team.objects.select_related("marathon"), invite_token=token)
    if request.method == "POST":
        try:
            services.join_team_by_link(person=request.user, token=token)
        except services.MarathonRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, _("Vous avez rejoint l'équipe « %(name)s ».") % {"name": team.name}
            )
        return redirect(team)
    return render(request, "challenges/team_join.html", {"team": team})


@require_POST
@login_required
def team_request(request, pk):
    team = get_object_or_404(Team.objects.select_related("marathon"), pk=pk)
    try:
        services.request_to_join(person=request.user, team=team)
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Demande envoyée à l'équipe."))
    return redirect(team)


@require_POST
@login_required
def team_accept(request, pk, request_pk):
    team = get_object_or_404(Team.objects.select_related("marathon"), pk=pk)
    if not permissions.can_answer_requests(request.user, team):
        raise PermissionDenied
    join_request = get_object_or_404(
        TeamRequest.objects.select_related("person", "team"), pk=request_pk, team=team
    )
    try:
        services.accept_request(request=join_request)
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(name)s a rejoint l'équipe.") % {"name": join_request.person})
    return redirect(team)


@require_POST
@login_required
def team_refuse(request, pk, request_pk):
    team = get_object_or_404(Team.objects.select_related("marathon"), pk=pk)
    if not permissions.can_answer_requests(request.user, team):
        raise PermissionDenied
    join_request = get_object_or_404(
        TeamRequest.objects.select_related("person", "team"), pk=request_pk, team=team
    )
    services.refuse_request(request=join_request)
    messages.success(
        request,
        _("La demande de %(name)s est refusée ; la personne en est prévenue.")
        % {"name": join_request.person},
    )
    return redirect(team)


@require_POST
@login_required
def team_remove(request, pk):
    """Moderation: an animator of this marathon (or staff) removes a team.
    Défis its members did stay counted, without the team."""
    team = get_object_or_404(Team.objects.select_related("marathon"), pk=pk)
    if not permissions.can_run_marathon(request.user, team.marathon):
        raise PermissionDenied
    team.delete()
    progress.marathon_changed(team.marathon_id)
    messages.success(
        request, _("L'équipe « %(name)s » est retirée du marathon.") % {"name": team.name}
    )
    return redirect(team.marathon)


@require_POST
@login_required
def team_leave(request, pk):
    team = get_object_or_404(Team, pk=pk)
    services.leave_team(person=request.user, team=team)
    messages.success(request, _("Vous avez quitté l'équipe."))
    return redirect(team.marathon)


@login_required
def stage_edit(request, pk, stage_pk=None):
    marathon = get_object_or_404(Marathon, pk=pk)
    if not permissions.can_run_marathon(request.user, marathon):
        raise PermissionDenied
    stage = get_object_or_404(Stage, pk=stage_pk, marathon=marathon) if stage_pk else None
    form = StageForm(request.POST or None, instance=stage, marathon=marathon)
    if request.method == "POST" and form.is_valid():
        stage = form.save(commit=False)
        stage.marathon = marathon
        stage.save()
        form.save_m2m()
        progress.marathon_changed(marathon.pk)
        messages.success(request, _("Étape enregistrée."))
        return redirect(marathon)
    return render(
        request, "challenges/stage_form.html", {"form": form, "marathon": marathon, "stage": stage}
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The animator's dashboard ---------------------------------------------------


def _run_marathon(request, pk) -> Marathon:
    marathon = get_object_or_404(Marathon.objects.select_related("territory"), pk=pk)
    if not permissions.can_run_marathon(request.user, marathon):
        raise PermissionDenied
    return marathon


@login_required
def dashboard(request, pk):
    marathon = _run_marathon(request, pk)
    now, today = timezone.now(), timezone.localdate()
    completions = Completion.objects.filter(stage__marathon=marathon)
    context = {
        "marathon": marathon,
        **dashboard_figures.figures(marathon, now, today),
        **weekly.chart(completions, today),
        "programme_form": ProgrammeForm(marathon=marathon),
    }
    return render(request, "challenges/dashboard.html", context)


@require_POST
@login_required
def programme(request, pk):
    marathon = _run_marathon(request, pk)
    form = ProgrammeForm(request.POST, marathon=marathon)
    if not form.is_valid():
        messages.error(request, _("Choisissez d'où partent les étapes."))
        return redirect("challenges:dashboard", pk=marathon.pk)
    try:
        stages = services.draft_programme(marathon=marathon, source=form.chosen())
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "%(n)d étapes en brouillon : ajustez dates, objectifs et défis, puis publiez le programme."
            )
            % {"n": len(stages)},
        )
    return redirect("challenges:dashboard", pk=marathon.pk)


@require_POST
@login_required
def publish_programme(request, pk):
    marathon = _run_marathon(request, pk)
    try:
        count = services.publish_programme(marathon=marathon)
    except services.MarathonRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("challenges:dashboard", pk=marathon.pk)
    messages.success(request, _("Programme publié : %(n)d étapes visibles de tous.") % {"n": count})
    return redirect(marathon)


@login_required
def dashboard_csv(request, pk, kind):
    """Collective figures for the animator's reports: per week or per team,
    counts only, no person."""
    marathon = _run_marathon(request, pk)
    if kind not in ("semaines", "equipes"):
        raise Http404
    rows = (
        dashboard_figures.weekly_rows(marathon)
        if kind == "semaines"
        else dashboard_figures.team_rows(marathon)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="marathon-%d-%s.csv"' % (
        marathon.pk,
        kind,
    )
    fields = (
        list(rows[0])
        if rows
        else (
            ["semaine", "defis_releves", "personnes_distinctes", "lieux_distincts"]
            if kind == "semaines"
            else ["equipe", "type", "membres", "defis_releves", "dernier_defi"]
        )
    )
    writer = csv.DictWriter(response, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return response
