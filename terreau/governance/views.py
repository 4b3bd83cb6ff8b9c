import csv
import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from terreau.accounts.decorators import staff_required
from terreau.core.spreadsheet import safe_row

from . import audit, permissions, services
from . import versions as versions_module
from .figures import campaign_figures
from .forms import (
    AmendmentForm,
    AnswerForm,
    CollegeFormSet,
    CommentForm,
    ConsultationForm,
    CooperativeForm,
    MembershipForm,
    MovementForm,
    PaymentForm,
    ProxyForm,
    ReceiptForm,
    VoteForm,
)
from .models import (
    NOTICE_REFERENCE,
    QUORUM_REFERENCE,
    Amendment,
    Assembly,
    AssemblyDocument,
    AuditEntry,
    College,
    Consultation,
    Cooperative,
    Decree,
    DecreeVersion,
    Law,
    Member,
    MembershipApplication,
    Proxy,
    Resolution,
    ShareMovement,
    Signature,
    Statutes,
    Vote,
)


def _show_errors(request, form):
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# Members ------------------------------------------------------------------


def campaign(request):
    figures = campaign_figures()
    goal = figures["goal"] or 1
    return render(
        request,
        "governance/campaign.html",
        {
            **figures,
            "goal_percent": min(100, round(100 * figures["members"] / goal)),
            "statutes": Statutes.objects.in_force(),
            "member": Member.objects.active_of(request.user),
            "can_manage": permissions.can_manage_cooperative(request.user),
        },
    )


@login_required
def apply(request):
    cooperative = Cooperative.load()
    member = Member.objects.active_of(request.user)
    pending = MembershipApplication.objects.pending().filter(person=request.user).first()
    statutes = Statutes.objects.in_force()
    form = MembershipForm(request.POST or None, cooperative=cooperative)
    if request.method == "POST" and not member and not pending and form.is_valid():
        try:
            pending = services.apply_for_membership(person=request.user, **form.cleaned_data)
        except services.GovernanceRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Demande enregistrée. Vous deviendrez sociétaire dès réception de votre paiement."
                ),
            )
            return redirect("governance:apply")
    return render(
        request,
        "governance/apply.html",
        {
            "form": form,
            "cooperative": cooperative,
            "member": member,
            "pending": pending,
            "statutes": statutes,
            "colleges": list(College.objects.all()),
        },
    )


@require_POST
@login_required
def cancel_application(request):
    application = MembershipApplication.objects.pending().filter(person=request.user).first()
    if application is None:
        messages.error(request, _("Vous n'avez pas de demande en attente."))
    else:
        services.cancel_application(application=application)
        messages.success(request, _("Votre demande d'adhésion est annulée."))
    return redirect("governance:apply")


def _pdf(field_file, filename):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None  # a row whose file is gone from the media folder
    return FileResponse(handle, content_type="application/pdf", filename=filename)


def statutes_file(request):
    statutes = Statutes.objects.in_force()
    if statutes is None:
        raise Http404
    return _pdf(statutes.file, "statuts.pdf")


@never_cache
def certificate(request, number):
    member = get_object_or_404(Member.objects.select_related("college", "person"), number=number)
    if not permissions.can_see_certificate(request.user, member):
        raise Http404
    return render(
        request,
        "governance/certificate.html",
        {
            "member": member,
            "cooperative": Cooperative.load(),
            "movements": list(member.movements.select_related("counterpart")),
            "shares": member.shares,
        },
    )


@staff_required
def register(request, movement_form=None):
    # Few at a time, oldest first, so the page stays light: the next ones
    # appear as payments are recorded.
    waiting = MembershipApplication.objects.pending()
    # A payment received names its reference: staff find the application by it.
    reference = request.GET.get("reference", "").strip().upper().replace(" ", "")[:20]
    shown = waiting.filter(payment_reference=reference) if reference else waiting
    pending = list(shown.select_related("college", "person").order_by("created_at")[:5])
    movements = ShareMovement.objects.select_related("member", "counterpart").order_by(
        "-recorded_at", "-pk"
    )
    page = Paginator(movements, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/register.html",
        {
            "pending": pending,
            "pending_count": waiting.count(),
            "reference": reference,
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
            "movement_form": movement_form
            or MovementForm(initial={"occurred_on": timezone.localdate()}),
            "page": page,
            "members": Member.objects.active().count(),
        },
    )


@never_cache
@staff_required
def register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registre-des-societaires.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "date du mouvement",
            "n° sociétaire",
            "nom à l'état civil",
            "adresse postale",
            "collège",
            "nature",
            "parts",
            "valeur de la part (€)",
            "montant (€)",
            "contrepartie (n°)",
            "référence",
            "saisi le",
            "saisi par",
        ]
    )
    rows = ShareMovement.objects.select_related(
        "member__college", "counterpart", "recorded_by"
    ).order_by("recorded_at", "pk")
    for m in rows.iterator(chunk_size=2000):
        writer.writerow(
            safe_row(
                [
                    m.occurred_on.isoformat(),
                    m.member.number,
                    m.member.legal_name,
                    m.member.postal_address.replace("\r\n", ", ").replace("\n", ", "),
                    m.member.college.name,
                    m.get_kind_display(),
                    m.shares,
                    m.unit_price,
                    m.amount,
                    m.counterpart.number if m.counterpart else "",
                    m.reference,
                    timezone.localtime(m.recorded_at).strftime("%Y-%m-%d %H:%M"),
                    m.recorded_by.email,
                ]
            )
        )
    return response


@require_POST
@staff_required
def record_payment(request, pk):
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        _show_errors(request, form)
        return redirect("governance:register")
    try:
        member = services.record_payment(
            application=application, recorded_by=request.user, **form.cleaned_data
        )
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s est sociétaire n° %(n)d.")
            % {"name": member.legal_name, "n": member.number},
        )
    return redirect("governance:register")


@require_POST
@staff_required
def record_movement(request):
    form = MovementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        member = Member.objects.filter(number=data["member"]).first()
        counterpart = (
            Member.objects.filter(number=data["counterpart"]).first()
            if data["counterpart"]
            else None
        )
        if member is None:
            form.add_error("member", _("Aucun sociétaire ne porte ce numéro."))
        elif data["counterpart"] and counterpart is None:
            form.add_error("counterpart", _("Aucun sociétaire ne porte ce numéro."))
        else:
            try:
                services.record_movement(
                    member=member,
                    kind=data["kind"],
                    shares=data["shares"],
                    occurred_on=data["occurred_on"],
                    reference=data["reference"],
                    counterpart=counterpart,
                    recorded_by=request.user,
                )
            except services.GovernanceRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Mouvement inscrit au registre."))
                return redirect("governance:register")
    return register(request, movement_form=form)


@staff_required
def cooperative_settings(request):
    cooperative = Cooperative.load()
    form = CooperativeForm(request.POST or None, instance=cooperative)
    colleges = CollegeFormSet(request.POST or None, queryset=College.objects.all(), prefix="c")
    if request.method == "POST" and form.is_valid() and colleges.is_valid():
        with transaction.atomic():
            form.save()
            colleges.save()
            services.record_rules(person=request.user)
        messages.success(
            request,
            _(
                "Réglages enregistrés. Ils valent pour les assemblées convoquées à partir de maintenant."
            ),
        )
        return redirect("governance:settings")
    return render(
        request,
        "governance/settings.html",
        {
            "form": form,
            "colleges": colleges,
            "quorum_reference": QUORUM_REFERENCE,
            "notice_reference": NOTICE_REFERENCE,
        },
    )


# Assemblies -----------------------------------------------------------------


def _get_assembly(request, pk) -> Assembly:
    assembly = get_object_or_404(Assembly.objects.select_related("place__commune"), pk=pk)
    if assembly.convened_at is None and not permissions.can_manage_cooperative(request.user):
        raise Http404
    return assembly


def assembly_list(request):
    assemblies = Assembly.objects.filter(convened_at__isnull=False).select_related("place")
    drafts = []
    if permissions.can_manage_cooperative(request.user):
        drafts = list(Assembly.objects.filter(convened_at__isnull=True).order_by("starts_at"))
    context = {"assemblies": list(assemblies), "drafts": drafts}
    return render(request, "governance/assembly_list.html", context)


def _assembly_context(request, assembly: Assembly) -> dict:
    now = timezone.now()
    services.note_opening(assembly, now)
    resolutions = list(assembly.resolutions.select_related("decree__law", "decree_law"))
    member = Member.objects.active_of(request.user)
    context = {
        "assembly": assembly,
        "resolutions": resolutions,
        "documents": list(assembly.documents.all()),
        "is_open": assembly.is_open(now),
        "is_closed": assembly.is_closed(now),
        "member": member,
        "weights": list(assembly.college_weights.values()),
        "majority": assembly.get_majority().describe() if assembly.majority else "",
        "can_manage": permissions.can_manage_cooperative(request.user),
    }
    if member and assembly.convened_at and not assembly.is_closed(now):
        given = (
            Proxy.objects.current()
            .filter(assembly=assembly, giver=member)
            .select_related("holder")
            .first()
        )
        forms = []
        if assembly.is_open(now):
            for voice in services.voices(request.user, assembly):
                voted = set(
                    Vote.objects.filter(resolution__assembly=assembly, member=voice).values_list(
                        "resolution", flat=True
                    )
                ) | set(
                    Signature.objects.filter(
                        resolution__assembly=assembly, member=voice
                    ).values_list("resolution", flat=True)
                )
                todo = [r for r in resolutions if r.pk not in voted]
                forms.append(
                    {
                        "voice": voice,
                        "is_self": voice.pk == member.pk,
                        "form": VoteForm(resolutions=todo, voice=voice) if todo else None,
                    }
                )
        context.update(
            {
                "not_voting": services.why_not_voting(member, assembly),
                "proxy_given": given,
                "proxies_held": list(
                    Proxy.objects.current()
                    .filter(assembly=assembly, holder=member)
                    .select_related("giver")
                ),
                "proxy_form": ProxyForm(),
                "vote_forms": forms,
                "proxy_cap": Cooperative.load().proxy_cap,
            }
        )
    return context


def assembly_detail(request, pk):
    assembly = _get_assembly(request, pk)
    return render(request, "governance/assembly_detail.html", _assembly_context(request, assembly))


@require_POST
@login_required
def vote(request, pk):
    assembly = _get_assembly(request, pk)
    member = Member.objects.active_of(request.user)
    voice = None
    for candidate in services.voices(request.user, assembly):
        if "v%d-voice" % candidate.number in request.POST:
            voice = candidate
    if member is None:
        messages.error(request, _("Seuls les sociétaires votent en assemblée générale."))
        return redirect(assembly)
    if voice is None:
        messages.error(request, _("Vous ne pouvez pas voter pour ce sociétaire."))
        return redirect(assembly)
    resolutions = list(assembly.resolutions.all())
    form = VoteForm(request.POST, resolutions=resolutions, voice=voice)
    # Only the resolutions this form answered count; others stay untouched.
    answered = {name for name in form.fields if form.add_prefix(name) in request.POST}
    form.fields = {name: field for name, field in form.fields.items() if name in answered}
    if not form.fields:
        messages.error(request, _("Choisissez une réponse pour chaque résolution."))
        return redirect(assembly)
    if not form.is_valid():
        _show_errors(request, form)
        return redirect(assembly)
    try:
        cast = services.cast_votes(
            assembly=assembly,
            person=request.user,
            on_behalf_of=voice.number,
            choices=form.choices(),
        )
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(assembly)
    # Shown once, in this response: receipts are stored nowhere with a name.
    return render(
        request,
        "governance/vote_done.html",
        {
            "assembly": assembly,
            "voice": voice,
            "is_self": voice.pk == member.pk,
            "cast": cast,
            "has_receipts": any(receipt for _resolution, receipt in cast),
        },
    )


@require_POST
@login_required
def proxy_give(request, pk):
    assembly = _get_assembly(request, pk)
    form = ProxyForm(request.POST)
    if not form.is_valid():
        _show_errors(request, form)
        return redirect(assembly)
    try:
        proxy = services.give_proxy(
            assembly=assembly, person=request.user, holder_number=form.cleaned_data["holder"]
        )
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Procuration donnée au sociétaire n° %(n)d. Vous pouvez la révoquer tant qu'il n'a pas voté."
            )
            % {"n": proxy.holder.number},
        )
    return redirect(assembly)


@require_POST
@login_required
def proxy_revoke(request, pk):
    assembly = _get_assembly(request, pk)
    try:
        services.revoke_proxy(assembly=assembly, person=request.user)
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Procuration révoquée : vous pouvez voter vous-même."))
    return redirect(assembly)


def minutes(request, pk):
    assembly = _get_assembly(request, pk)
    resolutions = list(assembly.resolutions.select_related("decree__law", "decree_law"))
    adopted_versions = {
        v.resolution_id: v
        for v in DecreeVersion.objects.filter(resolution__assembly=assembly).select_related(
            "decree__law"
        )
    }
    for resolution in resolutions:
        resolution.adopted_version = adopted_versions.get(resolution.pk)
    return render(
        request,
        "governance/minutes.html",
        {
            "assembly": assembly,
            "resolutions": resolutions,
            "published": assembly.results_published_at is not None,
            "is_closed": assembly.is_closed(),
        },
    )


def ballots(request, pk):
    resolution = get_object_or_404(Resolution.objects.select_related("assembly"), pk=pk)
    assembly = resolution.assembly
    if assembly.results_published_at is None:
        raise Http404
    # Checked by POST: a receipt in a URL would land in access logs beside the
    # client's address, and in the browser's history.
    lookup = ReceiptForm(request.POST if request.method == "POST" else None)
    found = None
    if lookup.is_valid() and lookup.cleaned_data["receipt"]:
        code = lookup.cleaned_data["receipt"].strip().upper().replace(" ", "")
        found = resolution.ballots.select_related("college").filter(tracker=code).first() or False
    if resolution.is_secret:
        # Trackers and colleges only: the opened choices (CountedBallot) carry
        # no tracker, so a receipt proves a ballot was counted, never what it said.
        rows = resolution.ballots.select_related("college").order_by("tracker")
    else:
        rows = resolution.votes.select_related("member__person", "college").order_by(
            "member__number"
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/ballots.html",
        {
            "resolution": resolution,
            "assembly": assembly,
            "page": page,
            "lookup": lookup,
            "found": found,
        },
    )


def document(request, pk):
    doc = get_object_or_404(AssemblyDocument.objects.select_related("assembly"), pk=pk)
    _get_assembly(request, doc.assembly_id)
    return _pdf(doc.file, "document.pdf")


def audit_log(request):
    verification, checked_at = audit.verify_cached()
    entries = AuditEntry.objects.order_by("-number")
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/audit_log.html",
        {
            "verification": verification,
            "checked_at": checked_at,
            "page": page,
            "head": entries.first(),
        },
    )


# Laws, decrees, consultations -------------------------------------------------


def law_list(request):
    laws = Law.objects.annotate(decree_count=Count("decrees"))
    return render(request, "governance/law_list.html", {"laws": list(laws)})


def law_detail(request, number):
    law = get_object_or_404(Law, number=number)
    decrees = list(
        Decree.objects.filter(law=law).prefetch_related(
            Prefetch(
                "versions",
                queryset=DecreeVersion.objects.select_related("resolution__assembly").order_by(
                    "-version"
                ),
            )
        )
    )
    for decree in decrees:
        versions = list(decree.versions.all())  # newest first
        for newer, older in itertools.pairwise(versions):
            newer.changes = versions_module.word_diff(older.text, newer.text)
    return render(
        request,
        "governance/law_detail.html",
        {
            "law": law,
            "decrees": decrees,
            "consultations": list(law.consultations.order_by("-published_at")[:10]),
        },
    )


def consultation_list(request):
    consultations = (
        Consultation.objects.select_related("law", "territory")
        .annotate(amendment_count=Count("amendments"))
        .order_by("-published_at", "-pk")
    )
    page = Paginator(consultations, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/consultation_list.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "can_publish": permissions.can_start_consultation(request.user),
        },
    )


@login_required
def consultation_create(request):
    if not permissions.can_start_consultation(request.user):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        territory = form.cleaned_data["territory"]
        if not permissions.can_publish_consultation(request.user, territory):
            raise PermissionDenied
        if form.cleaned_data["closes_on"] < timezone.localdate():
            form.add_error("closes_on", _("La date de clôture est déjà passée."))
        else:
            consultation = services.publish_consultation(person=request.user, **form.cleaned_data)
            messages.success(request, _("Consultation publiée."))
            return redirect(consultation)
    return render(request, "governance/consultation_form.html", {"form": form})


def _get_consultation(pk) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("law", "decree__law", "territory", "author"), pk=pk
    )


def consultation_detail(request, pk, amendment_form=None, comment_form=None):
    consultation = _get_consultation(pk)
    amendments = list(
        consultation.amendments.select_related("author", "answered_by")
        .annotate(support_count=Count("supports"))
        .order_by("created_at", "pk")
    )
    supported = set()
    if request.user.is_authenticated:
        supported = set(
            consultation.amendments.filter(supports__person=request.user).values_list(
                "pk", flat=True
            )
        )
    comments = list(consultation.comments.select_related("author"))
    by_amendment = {}
    for c in comments:
        by_amendment.setdefault(c.amendment_id, []).append(c)
    for amendment in amendments:
        amendment.comment_list = by_amendment.get(amendment.pk, [])
        amendment.is_supported = amendment.pk in supported
    current = None
    if consultation.decree_id:
        current = consultation.decree.versions.order_by("-version").first()
    return render(
        request,
        "governance/consultation_detail.html",
        {
            "consultation": consultation,
            "current_version": current,
            "amendments": amendments,
            "general_comments": by_amendment.get(None, []),
            "is_open": consultation.is_open(),
            "can_answer": permissions.can_answer_amendments(request.user, consultation),
            "amendment_form": amendment_form or AmendmentForm(),
            "comment_form": comment_form or CommentForm(),
            "answer_form": AnswerForm(),
        },
    )


@require_POST
@login_required
def amend(request, pk):
    consultation = _get_consultation(pk)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.propose_amendment(
                consultation=consultation, person=request.user, **form.cleaned_data
            )
        except services.GovernanceRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Amendement déposé."))
        return redirect(consultation)
    return consultation_detail(request, pk, amendment_form=form)


@require_POST
@login_required
def comment(request, pk):
    consultation = _get_consultation(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        amendment = None
        if form.cleaned_data["amendment"]:
            amendment = Amendment.objects.filter(pk=form.cleaned_data["amendment"]).first()
            if amendment is None:
                raise Http404
        try:
            services.comment(
                consultation=consultation,
                person=request.user,
                text=form.cleaned_data["text"],
                amendment=amendment,
            )
        except services.GovernanceRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Commentaire publié."))
        return redirect(consultation)
    return consultation_detail(request, pk, comment_form=form)


@require_POST
@login_required
def support(request, pk):
    amendment = get_object_or_404(Amendment.objects.select_related("consultation"), pk=pk)
    try:
        supports = services.toggle_support(amendment=amendment, person=request.user)
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Soutien enregistré.") if supports else _("Soutien retiré."))
    return redirect(
        reverse("governance:consultation", args=[amendment.consultation_id]) + "#a%d" % amendment.pk
    )


@require_POST
@login_required
def answer(request, pk):
    amendment = get_object_or_404(Amendment.objects.select_related("consultation"), pk=pk)
    if not permissions.can_answer_amendments(request.user, amendment.consultation):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _show_errors(request, form)
    else:
        try:
            services.answer_amendment(amendment=amendment, person=request.user, **form.cleaned_data)
        except services.GovernanceRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Réponse publiée."))
    return redirect(
        reverse("governance:consultation", args=[amendment.consultation_id]) + "#a%d" % amendment.pk
    )


# The cooperative's team: convening an assembly and publishing its results,
# in French, outside the technical back-office.


def _managed_assembly(request, pk) -> Assembly:
    return get_object_or_404(Assembly.objects.select_related("place__commune"), pk=pk)


@staff_required
def convocation(request, pk):
    """What convening will do, checked before anyone is e-mailed: the
    statutory notice, the agenda, how many members receive it."""
    assembly = _managed_assembly(request, pk)
    if request.method == "POST":
        if not request.POST.get("confirm"):
            messages.error(request, _("Cochez la case pour confirmer la convocation."))
        else:
            try:
                sent = services.convene(assembly=assembly)
            except services.GovernanceRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _("Assemblée convoquée : %(n)d sociétaire(s) reçoivent la convocation.")
                    % {"n": sent},
                )
                return redirect(assembly)
        return redirect("governance:convocation", pk=assembly.pk)
    cooperative = Cooperative.load()
    context = {
        "assembly": assembly,
        "resolutions": list(assembly.resolutions.all()),
        "notice_days": cooperative.notice(assembly.convocation).days,
        "members": Member.objects.active().count(),
    }
    return render(request, "governance/convocation.html", context)


@require_POST
@staff_required
def publish_results(request, pk):
    assembly = _managed_assembly(request, pk)
    try:
        services.publish_results(assembly=assembly)
    except services.GovernanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Résultats publiés, avec le procès-verbal."))
    return redirect(assembly)
