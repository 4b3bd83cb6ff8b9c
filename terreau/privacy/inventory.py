"""Everything Terreau keeps about one person, kind by kind, with why, for how
long and who can see it: read by « Ma trace » and written to the export.

Each kind reads its rows straight from its app's models: a new model that
points at a person must get a kind here (tests/privacy/test_inventory.py
walks every foreign key to the user model and fails on one left out).
Secrets are never listed: password hashes, TOTP secrets, calendar tokens.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from terreau.authorities.models import AnimationRequest, RepresentationRequest
from terreau.boussole.models import Assessment, Remark
from terreau.calls.models import (
    Application,
    AuthorInvitation,
    JoinRequest,
    Juror,
    Support,
)
from terreau.causes.models import Cause, CauseSupport
from terreau.challenges.models import Completion, Participant, Team, TeamMember, TeamRequest
from terreau.checkins.models import CheckIn
from terreau.core.models import OutgoingEmail
from terreau.editorial.models import Editor, Story, StoryRevision
from terreau.events.models import CalendarToken, Event, Registration
from terreau.governance.models import (
    Amendment,
    AmendmentSupport,
    Comment,
    Consultation,
    Member,
    MembershipApplication,
    Proxy,
    Signature,
    Vote,
)
from terreau.places.models import HostInvitation, Place, PlaceHost, PlaceReport
from terreau.support.models import Diagnostic, ExpertProfile, HelpRequest
from terreau.territories.models import AuthorityRepresentative, TerritoryAnimator

from .models import DataExport


def when(value):
    """Dates stay Python values here: the page writes them the French way,
    the export as ISO 8601 (`as_json`)."""
    return value


def as_json(value):
    """`json.dumps`' default: dates and times as ISO 8601, the rest as text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    why: str
    kept: str
    seen_by: str
    rows: Callable


def _account(person):
    return [
        {
            "Adresse e-mail": person.email,
            "Nom affiché": person.display_name,
            "Commune": str(person.home_commune) if person.home_commune else None,
            "Inscrit·e le": when(person.date_joined),
            "Dernière connexion": when(person.last_login),
            "E-mails d'inscription": person.notify_registrations,
            "E-mails des équipes": person.notify_teams,
            "E-mails de gouvernance": person.notify_governance,
            "Équipe de la coopérative": person.is_staff,
        }
    ]


def _addresses(person):
    addresses = [
        {"Adresse": a.email, "Vérifiée": a.verified, "Principale": a.primary}
        for a in EmailAddress.objects.filter(user=person)
    ]
    factors = [
        {"Second facteur": a.get_type_display(), "Créé le": when(a.created_at)}
        for a in Authenticator.objects.filter(user=person)
    ]
    feeds = [
        {"Agenda personnel": "lien secret d'agenda (le lien n'est pas recopié ici)"}
        for _token in CalendarToken.objects.filter(person=person)
    ]
    return addresses + factors + feeds


def _registrations(person):
    return [
        {
            "Événement": r.event.title,
            "Début": when(r.event.starts_at),
            "Lieu": str(r.event.place),
            "État": r.get_status_display(),
            "Inscrit·e le": when(r.created_at),
        }
        for r in Registration.objects.filter(person=person).select_related("event__place")
    ]


def _presences(person):
    checkins = [
        {
            "Lieu": str(c.place),
            "Événement": c.event.title if c.event else None,
            "Jour": when(c.day),
            "Preuve": c.get_source_display(),
            "Enregistrée le": when(c.created_at),
        }
        for c in CheckIn.objects.filter(person=person).select_related("place", "event")
    ]
    completions = [
        {
            "Défi": c.challenge.title,
            "Étape": str(c.stage),
            "Lieu": str(c.place),
            "Jour": when(c.day),
            "Quantité": str(c.quantity),
        }
        for c in Completion.objects.filter(person=person).select_related(
            "challenge", "stage", "place"
        )
    ]
    return checkins + completions


def _marathons(person):
    rows = [
        {"Marathon": str(p.marathon), "Nom visible": p.show_name, "Depuis": when(p.joined_at)}
        for p in Participant.objects.filter(person=person).select_related("marathon")
    ]
    rows += [
        {"Équipe": m.team.name, "Depuis": when(m.joined_at)}
        for m in TeamMember.objects.filter(person=person).select_related("team")
    ]
    rows += [
        {"Demande à rejoindre": r.team.name, "Le": when(r.created_at)}
        for r in TeamRequest.objects.filter(person=person).select_related("team")
    ]
    rows += [
        {"Équipe créée": t.name, "Le": when(t.created_at)}
        for t in Team.objects.filter(created_by=person)
    ]
    return rows


def _places(person):
    rows = [
        {"Hôte de": str(h.place), "Depuis": when(h.since)}
        for h in PlaceHost.objects.filter(person=person).select_related("place")
    ]
    rows += [
        {"Lieu proposé": p.name, "État": p.get_status_display(), "Le": when(p.created_at)}
        for p in Place.objects.filter(proposed_by=person)
    ]
    rows += [
        {"Événement publié": e.title, "Début": when(e.starts_at)}
        for e in Event.objects.filter(created_by=person)
    ]
    rows += [
        {"Invitation envoyée à": i.email, "Lieu": str(i.place), "Le": when(i.created_at)}
        for i in HostInvitation.objects.filter(invited_by=person).select_related("place")
    ]
    rows += [
        {"Signalement": r.get_reason_display(), "Lieu": str(r.place), "Message": r.message}
        for r in PlaceReport.objects.filter(reporter=person).select_related("place")
    ]
    rows += [
        {"Anime le territoire": str(a.territory)}
        for a in TerritoryAnimator.objects.filter(person=person).select_related("territory")
    ]
    return rows


def _supports(person):
    rows = [
        {"Soutien à": str(s.application), "Type": s.get_kind_display(), "Le": when(s.created_at)}
        for s in Support.objects.filter(person=person).select_related("application")
    ]
    rows += [
        {"Soutien à la cause": s.cause.title, "Le": when(s.created_at)}
        for s in CauseSupport.objects.filter(person=person).select_related("cause")
    ]
    rows += [
        {"Soutien à l'amendement": str(s.amendment), "Le": when(s.created_at)}
        for s in AmendmentSupport.objects.filter(person=person).select_related("amendment")
    ]
    rows += [
        {"Cause proposée": c.title, "Le": when(c.created_at)}
        for c in Cause.objects.filter(proposed_by=person)
    ]
    return rows


def _applications(person):
    rows = [
        {"Candidature": str(a), "État": a.get_status_display(), "Créée le": when(a.created_at)}
        for a in Application.objects.filter(authors=person)
    ]
    rows += [
        {"Demande à rejoindre la candidature": str(r.application), "Le": when(r.created_at)}
        for r in JoinRequest.objects.filter(person=person).select_related("application")
    ]
    rows += [
        {"Invitation envoyée à": i.email, "Candidature": str(i.application)}
        for i in AuthorInvitation.objects.filter(invited_by=person).select_related("application")
    ]
    rows += [
        {
            "Représente": str(r),
            "Fonction": r.role,
            "Sur la page de la collectivité": r.show_publicly,
        }
        for r in AuthorityRepresentative.objects.filter(person=person)
    ]
    rows += [
        {
            "Demande à représenter": str(r.territory),
            "Fonction": r.role,
            "Adresse professionnelle": r.email,
            "Document joint": bool(r.document),
            "État": r.get_status_display(),
            "Le": when(r.created_at),
        }
        for r in RepresentationRequest.objects.filter(person=person).select_related("territory")
    ]
    rows += [
        {
            "Demande à animer": str(r.territory),
            "Motivation": r.motivation,
            "État": r.get_status_display(),
            "Le": when(r.created_at),
        }
        for r in AnimationRequest.objects.filter(person=person).select_related("territory")
    ]
    rows += [{"Juré·e": str(j)} for j in Juror.objects.filter(person=person)]
    return rows


def _support(person):
    rows = [
        {
            "Demande d'aide": r.domain_label,
            "Territoire": str(r.territory),
            "Au nom de": r.get_on_behalf_display(),
            "Ce que vous souhaitiez": r.description,
            "Nom donné à l'expert": r.share_name,
            "Adresse donnée à l'expert": r.share_email,
            "Téléphone donné à l'expert": r.share_phone,
            "État": r.get_status_display(),
            "Cela a aidé": r.get_helped_display(),
            "Votre commentaire": r.feedback,
            "Le": when(r.created_at),
        }
        for r in HelpRequest.objects.filter(requester=person).select_related("territory")
    ]
    rows += [
        {
            "Diagnostic": d.get_subject_display(),
            "Questionnaire": "%s, version %s" % (d.questionnaire, d.version),
            "Territoire": str(d.territory),
            "Réponses": d.answers,
            "Estimations (kg CO2e par an)": {k: v["value"] for k, v in d.totals.items()},
            "Publié": d.is_public,
            "Le": when(d.created_at),
        }
        for d in Diagnostic.objects.filter(author=person).select_related("territory")
    ]
    profile = (
        ExpertProfile.objects.filter(person=person)
        .prefetch_related(
            "areas__territory", "consents", "conflicts__place", "conflicts__authority"
        )
        .first()
    )
    if profile is None:
        return rows
    rows += [
        {
            "Profil d'expert": profile.get_status_display(),
            "Nom affiché": profile.display_name,
            "Présentation": profile.presentation,
            "Domaines": ", ".join(str(label) for label in profile.domain_labels),
            "Territoires": ", ".join(str(area.territory) for area in profile.areas.all()),
            "Comment": ", ".join(str(label) for label in profile.mode_labels),
            "Demandes par mois, au plus": profile.monthly_capacity,
            "Payant": profile.is_paid,
            "Tarif": profile.price_note,
            "Liens d'intérêts": profile.affiliations,
            "Contact donné": profile.contact,
            "Photo": bool(profile.photo),
            "En pause": profile.paused,
            "Demandes proposées": profile.offers.count(),
            "Demandes acceptées": profile.accepted_requests.count(),
            "Proposé le": when(profile.created_at),
        }
    ]
    rows += [
        {
            "Accord donné le": when(consent.given_at),
            "Version du texte": consent.text_version,
            "Informations publiques": ", ".join(consent.public_fields),
            "Retiré le": when(consent.withdrawn_at),
        }
        for consent in profile.consents.all()
    ]
    rows += [
        {"Lien d'intérêts avec": str(c.place or c.authority), "Nature": c.note}
        for c in profile.conflicts.all()
    ]
    return rows


def _membership(person):
    rows = [
        {
            "Demande d'adhésion": a.get_status_display(),
            "Nom à l'état civil": a.legal_name,
            "Adresse postale": a.postal_address,
            "Parts": a.shares,
            "Montant (€)": str(a.amount),
            "Référence de paiement": a.payment_reference,
            "Déposée le": when(a.created_at),
        }
        for a in MembershipApplication.objects.filter(person=person)
    ]
    member = Member.objects.filter(person=person).select_related("college").first()
    if member is not None:
        rows.append(
            {
                "Sociétaire n°": member.number,
                "Collège": str(member.college),
                "Nom à l'état civil": member.legal_name,
                "Adresse postale": member.postal_address,
                "Parts": member.shares,
                "Admis·e le": when(member.admitted_on),
                "Sorti·e le": when(member.left_on),
            }
        )
        rows += [
            {"Mouvement": m.get_kind_display(), "Parts": m.shares, "Le": when(m.occurred_on)}
            for m in member.movements.all()
        ]
    return rows


def _votes(person):
    member = Member.objects.filter(person=person).first()
    if member is None:
        return []
    rows = [
        {"Vote public": str(v.resolution), "Choix": v.get_choice_display(), "Le": when(v.cast_at)}
        for v in Vote.objects.filter(member=member).select_related("resolution")
    ]
    rows += [
        {
            "A émargé pour": str(s.resolution),
            "Le": when(s.signed_at),
            "Choix": "secret : votre bulletin n'est relié ni à vous ni à votre émargement",
        }
        for s in Signature.objects.filter(member=member).select_related("resolution")
    ]
    rows += [
        {"Procuration donnée à": "sociétaire n° %d" % p.holder.number, "Assemblée": str(p.assembly)}
        for p in Proxy.objects.filter(giver=member).select_related("holder", "assembly")
    ]
    rows += [
        {"Procuration reçue de": "sociétaire n° %d" % p.giver.number, "Assemblée": str(p.assembly)}
        for p in Proxy.objects.filter(holder=member).select_related("giver", "assembly")
    ]
    return rows


def _consultations(person):
    rows = [
        {"Consultation ouverte": c.title, "Le": when(c.published_at)}
        for c in Consultation.objects.filter(author=person)
    ]
    rows += [
        {"Amendement": a.proposal, "Pourquoi": a.reason, "Le": when(a.created_at)}
        for a in Amendment.objects.filter(author=person)
    ]
    rows += [
        {"Commentaire": c.text, "Le": when(c.created_at)}
        for c in Comment.objects.filter(author=person)
    ]
    return rows


def _boussole(person):
    rows = [
        {
            "Évaluation": a.name,
            "État": a.get_status_display(),
            "Commencée le": when(a.created_at),
            "Publiée le": when(a.published_at),
        }
        for a in Assessment.objects.filter(author=person)
    ]
    rows += [
        {"Remarque": r.text, "Sur": r.assessment.name, "Le": when(r.created_at)}
        for r in Remark.objects.filter(person=person).select_related("assessment")
    ]
    return rows


def _editorial(person):
    rows = [
        {
            "Rôle": "Éditeur·rice de Régénérer",
            "Territoire": str(e.territory or "tous"),
            "Depuis le": when(e.since),
        }
        for e in Editor.objects.filter(person=person).select_related("territory")
    ]
    rows += [
        {"Article commencé": s.title, "État": s.get_state_display(), "Le": when(s.created_at)}
        for s in Story.objects.filter(created_by=person)
    ]
    rows += [
        {
            "Révision": "%s, n° %d" % (r.story.title, r.number),
            "Note": r.note,
            "Le": when(r.saved_at),
        }
        for r in StoryRevision.objects.filter(saved_by=person).select_related("story")
    ]
    return rows


def _emails(person):
    addresses = [
        person.email,
        *EmailAddress.objects.filter(user=person).values_list("email", flat=True),
    ]
    return [
        {
            "Motif": e.cause.split(":", 1)[0],
            "État": e.get_status_display(),
            "Objet": e.subject or "(effacé après l'envoi)",
            "Créé le": when(e.created_at),
            "Envoyé le": when(e.sent_at),
        }
        for e in OutgoingEmail.objects.filter(to__in=set(addresses))
    ]


def _exports(person):
    return [
        {
            "Copie": e.get_status_display(),
            "Demandé le": when(e.requested_at),
            "Taille (octets)": e.size,
        }
        for e in DataExport.objects.filter(person=person)
    ]


KINDS = [
    Kind(
        "compte",
        _("Votre compte"),
        _("Pour vous connecter, vous écrire et afficher votre nom."),
        _("Jusqu'à la suppression du compte."),
        _("Vous ; votre nom affiché est public là où vous agissez."),
        _account,
    ),
    Kind(
        "adresses-et-securite",
        _("Adresses e-mail et sécurité"),
        _("Pour confirmer votre adresse et protéger le compte (second facteur)."),
        _("Jusqu'à la suppression du compte."),
        _("Vous seul·e. Les secrets (mot de passe, clé du second facteur) ne sont jamais montrés."),
        _addresses,
    ),
    Kind(
        "inscriptions",
        _("Inscriptions aux événements"),
        _("Pour compter les places et vous prévenir d'un changement."),
        _("Jusqu'à la suppression du compte."),
        _("Vous, et les hôtes du lieu de l'événement."),
        _registrations,
    ),
    Kind(
        "presences-et-defis",
        _("Présences et défis réalisés"),
        _("Pour valider vos défis et calculer les jauges collectives."),
        _("Tant que le compte existe ; ensuite ils restent comptés, sans vous."),
        _("Vous ; les hôtes voient les présences dans leur lieu."),
        _presences,
    ),
    Kind(
        "marathons-et-equipes",
        _("Marathons et équipes"),
        _("Pour vous compter parmi les participants et faire vivre vos équipes."),
        _("Jusqu'à la suppression du compte."),
        _("Votre nom n'apparaît que si vous l'avez choisi ; vos équipiers voient l'équipe."),
        _marathons,
    ),
    Kind(
        "lieux-et-evenements",
        _("Lieux, événements et rôles"),
        _("Pour que les lieux aient des hôtes et les territoires des animateurs."),
        _("Vos rôles jusqu'à la suppression du compte ; lieux et événements restent."),
        _("Public : les hôtes d'un lieu sont affichés sur sa page."),
        _places,
    ),
    Kind(
        "soutiens",
        _("Soutiens"),
        _("Pour compter les soutiens aux candidatures, aux causes et aux amendements."),
        _("Jusqu'à la suppression du compte (retirés avec lui)."),
        _("Les totaux sont publics, pas les noms."),
        _supports,
    ),
    Kind(
        "candidatures",
        _("Candidatures, représentation, jury"),
        _("Pour porter une candidature, représenter une collectivité ou noter."),
        _(
            "Jusqu'à la suppression du compte ; le document joint à une demande de représentation, "
            "jusqu'à la décision seulement."
        ),
        _(
            "Les co-auteurs d'une candidature ; l'équipe de la coopérative ; vos collègues vérifiés "
            "voient votre demande de représentation (l'adresse, sauf son domaine, reste cachée) ; "
            "la page de la collectivité montre votre nom et votre fonction si vous l'avez choisi."
        ),
        _applications,
    ),
    Kind(
        "accompagnement",
        _("Accompagnement : diagnostics, demandes d'aide et profil d'expert"),
        _("Pour que les habitants, les lieux et les collectivités trouvent de l'aide près d'eux."),
        _(
            "Diagnostics et demandes : jusqu'à leur suppression ou celle du compte. Profil : "
            "jusqu'au retrait de votre "
            "accord (le profil est caché, la photo supprimée) ou la suppression du compte."
        ),
        _(
            "Un diagnostic : vous seul·e, sauf celui d'un lieu ou d'une collectivité que ses "
            "hôtes ou représentants publient. Une demande : les experts à qui elle est proposée, sans vos coordonnées ; l'expert "
            "qui l'accepte, avec celles que vous avez choisies ; l'équipe de la coopérative. Un "
            "profil : public après relecture, seulement ce que vous avez accepté de montrer ; "
            "votre contact, aux personnes dont vous acceptez la demande."
        ),
        _support,
    ),
    Kind(
        "cooperative",
        _("Adhésion à la coopérative"),
        _("La loi impose à une coopérative de tenir le registre de ses sociétaires."),
        _("Le registre est gardé tant que la loi l'exige, même après la suppression du compte."),
        _("L'équipe de la coopérative ; votre nom sur la page de campagne si vous l'avez choisi."),
        _membership,
    ),
    Kind(
        "votes",
        _("Votes et procurations"),
        _("Pour décompter les votes et vérifier que chacun ne vote qu'une fois."),
        _("Attachés à votre numéro de sociétaire, avec le registre."),
        _("Votes publics : les sociétaires. Scrutin secret : seul l'émargement est gardé."),
        _votes,
    ),
    Kind(
        "consultations",
        _("Consultations, amendements et commentaires"),
        _("Pour débattre des décrets entre sociétaires."),
        _("Commentaires : jusqu'à la suppression du compte. Amendements : gardés, sans votre nom."),
        _("Les sociétaires."),
        _consultations,
    ),
    Kind(
        "boussole",
        _("Évaluations de la Boussole et relectures"),
        _("Pour questionner des projets numériques au regard des cinq lois, et les relire."),
        _(
            "Brouillons : jusqu'à leur suppression ou celle du compte. Évaluations publiées et "
            "remarques : gardées comme un savoir partagé, sans votre nom après la suppression "
            "du compte."
        ),
        _("Brouillons : vous seul·e. Publiées : tout le monde."),
        _boussole,
    ),
    Kind(
        "redaction",
        _("Rédaction de Régénérer"),
        _("Pour écrire et publier les articles du média, et savoir qui a fait chaque révision."),
        _(
            "Le rôle : jusqu'à ce que l'équipe le retire ou à la suppression du compte. Articles "
            "et révisions : gardés, sans votre nom après la suppression du compte ; les crédits "
            "écrits dans un article publié restent, comme dans un journal."
        ),
        _(
            "Les autres éditeur·rices du territoire et l'équipe ; publiés, les articles et leurs crédits : tout le monde."
        ),
        _editorial,
    ),
    Kind(
        "e-mails",
        _("E-mails que nous vous envoyons"),
        _("Pour ne jamais perdre un e-mail ni l'envoyer deux fois."),
        _("Le texte est effacé dès l'envoi ; la trace de l'envoi, 90 jours."),
        _("Personne d'autre que vous."),
        _emails,
    ),
    Kind(
        "exports",
        _("Vos exports"),
        _("Pour vous remettre la copie de vos données."),
        _("Le fichier, 7 jours après sa préparation."),
        _("Vous seul·e."),
        _exports,
    ),
]


# Every link from a model to a person, and where « Ma trace » shows it
# (tests/privacy/test_inventory.py fails on a link missing here).
COVERED = {
    "account.EmailAddress.user": "adresses-et-securite",
    "mfa.Authenticator.user": "adresses-et-securite",
    "accounts.SecondFactor.user": "adresses-et-securite",  # the same rows, by their French name
    "events.CalendarToken.person": "adresses-et-securite",
    "events.Registration.person": "inscriptions",
    "checkins.CheckIn.person": "presences-et-defis",
    "challenges.Completion.person": "presences-et-defis",
    "challenges.Participant.person": "marathons-et-equipes",
    "challenges.TeamMember.person": "marathons-et-equipes",
    "challenges.TeamRequest.person": "marathons-et-equipes",
    "challenges.Team.created_by": "marathons-et-equipes",
    "places.PlaceHost.person": "lieux-et-evenements",
    "places.Place.proposed_by": "lieux-et-evenements",
    "places.PlaceToModerate.proposed_by": "lieux-et-evenements",
    "events.Event.created_by": "lieux-et-evenements",
    "places.HostInvitation.invited_by": "lieux-et-evenements",
    "places.PlaceReport.reporter": "lieux-et-evenements",
    "territories.TerritoryAnimator.person": "lieux-et-evenements",
    "calls.Support.person": "soutiens",
    "causes.CauseSupport.person": "soutiens",
    "governance.AmendmentSupport.person": "soutiens",
    "causes.Cause.proposed_by": "soutiens",
    "calls.Application.authors": "candidatures",
    "calls.JoinRequest.person": "candidatures",
    "calls.AuthorInvitation.invited_by": "candidatures",
    "territories.AuthorityRepresentative.person": "candidatures",
    "authorities.RepresentationRequest.person": "candidatures",
    "authorities.AnimationRequest.person": "candidatures",
    "calls.Juror.person": "candidatures",
    "governance.MembershipApplication.person": "cooperative",
    "governance.Member.person": "cooperative",
    "governance.Consultation.author": "consultations",
    "governance.Amendment.author": "consultations",
    "governance.Comment.author": "consultations",
    "privacy.DataExport.person": "exports",
    "boussole.Assessment.author": "boussole",
    "boussole.Remark.person": "boussole",
    "support.ExpertProfile.person": "accompagnement",
    "support.HelpRequest.requester": "accompagnement",
    "support.Diagnostic.author": "accompagnement",
    "editorial.Editor.person": "redaction",
    "editorial.Story.created_by": "redaction",
    "editorial.StoryRevision.saved_by": "redaction",
    "editorial.Episode.created_by": "redaction",
    "editorial.Video.created_by": "redaction",
    "editorial.PortraitConsent.person": "redaction",
    # What a staff member did for others, not data about them: who verified
    # a representative, appointed a juror, confirmed laureates, recorded a
    # register line, answered an amendment, validated a presence, installed
    # a screen; and Django's own admin log.
    "territories.AuthorityRepresentative.verified_by": None,
    "authorities.RepresentationRequest.decided_by": None,
    "authorities.AnimationRequest.decided_by": None,
    "calls.Juror.appointed_by": None,
    "support.ExpertProfile.moderated_by": None,
    "editorial.PortraitConsent.recorded_by": None,
    "calls.Laureate.confirmed_by": None,
    "governance.ShareMovement.recorded_by": None,
    "governance.Amendment.answered_by": None,
    "checkins.CheckIn.validated_by": None,
    "checkins.ScreenDevice.created_by": None,
    "admin.LogEntry.user": None,
}


def inventory(person) -> list[tuple[Kind, list[dict]]]:
    return [(kind, kind.rows(person)) for kind in KINDS]
