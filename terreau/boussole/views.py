import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.governance.models import Law
from terreau.territories.models import Territory

from . import permissions, services
from . import verdict as rule
from .forms import FilterForm, LawForm, ProjectForm, RemarkForm, WhyForm
from .models import Assessment
from .report import report_rows

PAGE_SIZE = 20


def index(request):
    """What the Boussole is, the published assessments, and the visitor's own."""
    published = Assessment.objects.filter(status=Assessment.Status.PUBLISHED)
    departements = Territory.objects.filter(
        Q(kind="departement")
        & (
            Q(pk__in=published.values("territory"))
            | Q(pk__in=published.values("territory__departement"))
        )
    ).order_by("code")
    filters = FilterForm(request.GET or None, departements=departements)
    shown = published.select_related("territory")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["departement"]:
            d = data["departement"]
            shown = shown.filter(Q(territory=d) | Q(territory__departement=d))
        if data["kind"]:
            shown = shown.filter(kind=data["kind"])
        if data["verdict"] == "0":
            shown = shown.filter(verdict_law__isnull=True)
        elif data["verdict"]:
            shown = shown.filter(verdict_law=int(data["verdict"]))
    page = Paginator(shown.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    own = []
    if request.user.is_authenticated:
        own = Assessment.objects.filter(author=request.user).order_by("-created_at")[:20]
    return render(
        request,
        "boussole/index.html",
        {
            "page": page,
            "filters": filters,
            "own": own,
            "rule": rule.RULE,
            "criteria_count": services.decrees_in_force().count(),
        },
    )


def _assessment(request, pk) -> Assessment:
    """The assessment if the visitor may see it; a 404 otherwise, so that a
    draft's existence is not revealed."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("territory", "authority", "author"), pk=pk
    )
    if not permissions.can_view(request.user, assessment):
        raise Http404
    return assessment


def _editable(request, pk) -> Assessment:
    assessment = _assessment(request, pk)
    if not permissions.can_edit(request.user, assessment):
        raise Http404
    return assessment


@login_required
def start(request):
    form = ProjectForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_assessment(
                person=request.user, at=timezone.now(), **form.project()
            )
        except services.BoussoleRefused as refusal:
            messages.error(request, refusal.message)
        else:
            return redirect("boussole:law", pk=assessment.pk, law=1)
    return render(request, "boussole/project_form.html", {"form": form, "assessment": None})


@login_required
def describe(request, pk):
    assessment = _editable(request, pk)
    form = ProjectForm(request.POST or None, instance=assessment, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.describe_project(assessment=assessment, person=request.user, **form.project())
        except services.BoussoleRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Le projet est décrit."))
            return redirect(assessment)
    # A refused or invalid form must not leave the unsaved values on the object.
    assessment.refresh_from_db()
    return render(request, "boussole/project_form.html", {"form": form, "assessment": assessment})


@login_required
def answer_law(request, pk, law):
    assessment = _editable(request, pk)
    law_row = get_object_or_404(Law, number=law)
    answers = list(
        assessment.answers.filter(decree__law=law_row).select_related("decree", "decree_version")
    )
    form = LawForm(request.POST or None, answers=answers)
    why = WhyForm(request.POST or None, instance=assessment) if law == 1 else None
    if request.method == "POST" and form.is_valid() and (why is None or why.is_valid()):
        try:
            services.answer_law(
                assessment=assessment,
                person=request.user,
                law=law,
                answers=form.answers_data(),
                why=dict(why.cleaned_data) if why else None,
            )
        except services.BoussoleRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Les réponses de la loi %d sont enregistrées.") % law)
            if law < len(rule.LAWS):
                return redirect("boussole:law", pk=pk, law=law + 1)
            return redirect(assessment)
    assessment.refresh_from_db()
    return render(
        request,
        "boussole/law_form.html",
        {
            "assessment": assessment,
            "law": law_row,
            "form": form,
            "why": why,
            "laws": rule.LAWS,
        },
    )


def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    result, rows = report_rows(assessment)
    is_author = permissions.is_author(request.user, assessment)
    remark_form = None
    if permissions.can_review(request.user, assessment):
        remark_form = RemarkForm(assessment=assessment, by_authors=is_author)
    context = {
        "assessment": assessment,
        "result": result,
        "rows": rows,
        "rule": rule.RULE,
        "is_author": is_author,
        "can_edit": permissions.can_edit(request.user, assessment),
        "remark_form": remark_form,
        "general_remarks": assessment.remarks.filter(answer=None).select_related("person"),
        "changed": services.changed_decrees(assessment),
        "newer": assessment.reruns.filter(status=Assessment.Status.PUBLISHED).first(),
        "unanswered": sum(1 for row in rows for a in row["answers"] if not a.value),
    }
    return render(request, "boussole/assessment_detail.html", context)


@require_POST
@login_required
def publish(request, pk):
    assessment = _editable(request, pk)
    try:
        services.publish_assessment(assessment=assessment, person=request.user, at=timezone.now())
    except services.BoussoleRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("L'évaluation est publiée : elle peut être relue."))
    return redirect(assessment)


@require_POST
@login_required
def rerun(request, pk):
    assessment = _assessment(request, pk)
    if not permissions.is_author(request.user, assessment):
        raise Http404
    new = services.rerun_assessment(assessment=assessment, person=request.user, at=timezone.now())
    messages.success(
        request,
        _("Une nouvelle version est commencée ; la précédente reste telle qu'elle a été publiée."),
    )
    return redirect(new)


@require_POST
@login_required
def delete(request, pk):
    assessment = _editable(request, pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Cochez la case pour confirmer la suppression du brouillon."))
        return redirect(assessment)
    services.delete_draft(assessment=assessment, person=request.user)
    messages.success(request, _("Le brouillon est supprimé."))
    return redirect("boussole:index")


@require_POST
@login_required
def add_remark(request, pk):
    assessment = _assessment(request, pk)
    if not permissions.can_review(request.user, assessment):
        raise Http404
    is_author = permissions.is_author(request.user, assessment)
    form = RemarkForm(request.POST, assessment=assessment, by_authors=is_author)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(assessment)
    try:
        services.remark(
            assessment=assessment,
            person=request.user,
            at=timezone.now(),
            text=form.cleaned_data["text"],
            answer=form.cleaned_data["answer"],
            unsupported=form.cleaned_data.get("unsupported", False),
        )
    except services.BoussoleRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Votre remarque est ajoutée à l'historique."))
    return redirect(reverse("boussole:assessment", kwargs={"pk": pk}) + "#remarques")


def _export_rows(assessment: Assessment) -> list[dict]:
    return [
        {
            "loi": a.decree.law.number,
            "decret": "%d.%d" % (a.decree.law.number, a.decree.number),
            "titre": a.decree.title,
            "version": a.decree_version.version,
            "texte": a.decree_version.text,
            "reponse": a.value,
            "ce_qui_l_etablit": a.evidence,
            "lien": a.link,
            "mesure": a.measurement,
        }
        for a in assessment.answers.select_related("decree__law", "decree_version")
    ]


def export_json(request, pk):
    assessment = _assessment(request, pk)
    result = assessment.verdict()
    data = {
        "projet": assessment.name,
        "porteur": assessment.organisation,
        "collectivite": str(assessment.authority) if assessment.authority else None,
        "nature": assessment.get_kind_display(),
        "territoire": {"type": assessment.territory.kind, "code": assessment.territory.code},
        "adresse": assessment.url,
        "utilisateurs": assessment.users,
        "pourquoi": {
            "besoin": assessment.need,
            "ce_qu_il_fait_faire": assessment.action,
            "ce_qu_il_remplace": assessment.replaces,
            "sans_lui": assessment.without_it,
        },
        "etat": assessment.get_status_display(),
        "publiee_le": assessment.published_at.isoformat() if assessment.published_at else None,
        "statuts_par_loi": {str(n): s for n, s in result.statuses.items()},
        "premiere_loi_non_respectee": result.law,
        "verdict": result.status,
        "regle": rule.RULE,
        "criteres": _export_rows(assessment),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="boussole-%d.json"' % assessment.pk
    return response


def export_pdf(request, pk):
    """The published report's PDF, once the worker has rendered it."""
    assessment = _assessment(request, pk)
    if not assessment.is_published or not assessment.report_pdf:
        raise Http404
    return FileResponse(
        assessment.report_pdf.open("rb"),
        as_attachment=True,
        filename="boussole-%d.pdf" % assessment.pk,
        content_type="application/pdf",
    )


def export_csv(request, pk):
    assessment = _assessment(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="boussole-%d.csv"' % assessment.pk
    rows = _export_rows(assessment)
    writer = csv.DictWriter(response, fieldnames=list(rows[0]) if rows else ["loi"])
    writer.writeheader()
    writer.writerows(rows)
    return response
