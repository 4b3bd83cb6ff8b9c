"""The first texts of the legal pages, created by a data migration and then
edited by staff in the back-office (« Pages légales »).

They say what Terreau's code does, which is the same on every deployment;
what only the cooperative knows (its legal identity, its host, who answers)
is marked « À compléter », and `manage.py deploy_check` lists the pages that
still hold that mark.
"""

TO_COMPLETE = "À compléter"

NOTICE = """\
## Éditeur

**À compléter** : la dénomination de la coopérative (SCIC), sa forme, son capital variable,
l'adresse de son siège, son numéro SIREN et son immatriculation au RCS.

Directrice ou directeur de la publication : **À compléter** (nom et qualité).

Contact : **À compléter** (une adresse e-mail lue par une personne).

## Hébergement

**À compléter** : le nom, l'adresse et le téléphone de l'hébergeur du serveur.

## Logiciel

Ce site fonctionne avec Terreau, un commun numérique dont le code source est public. Il ne
dépose aucun traceur, n'affiche aucune publicité et ne charge rien depuis un autre site.

## Données

Les communes, intercommunalités, départements et régions viennent du « Découpage
administratif » d'Etalab (Licence Ouverte 2.0), qui reprend l'INSEE, la DGCL et La Poste.
Les facteurs d'impact des défis citent leur source sur chaque défi.
"""

PERSONAL_DATA = """\
## Qui est responsable

La coopérative qui édite ce site (voir les mentions légales) est responsable des données
personnelles qu'il conserve. Pour exercer vos droits ou poser une question, écrivez à :
**À compléter** (l'adresse de la personne chargée des données personnelles).

## Ce que nous conservons, et pourquoi

- **Votre compte** : adresse e-mail, nom affiché, commune de rattachement si vous la donnez,
  mot de passe sous forme chiffrée et, pour l'équipe, le secret du second facteur. Pour vous
  connecter et vous écrire. Jusqu'à la suppression du compte.
- **Vos inscriptions aux événements**, vos **présences** validées dans un lieu ou à un
  événement et vos **défis réalisés** : pour compter les places, valider un défi et calculer les
  jauges collectives. Jusqu'à la suppression du compte ; les chiffres collectifs restent,
  sans vous.
- **Vos équipes**, vos **soutiens** (appels, causes, amendements) et vos **candidatures** :
  pour les faire vivre et les décompter publiquement.
- **Votre adhésion à la coopérative** : nom légal, adresse postale, parts souscrites. La loi
  impose à une coopérative de tenir le registre de ses associés ; il est conservé tant que la
  loi l'exige, même après la suppression du compte.
- **Vos votes** : la liste d'émargement garde que vous avez voté ; lors d'un scrutin secret,
  votre choix n'est pas relié à vous (voir la page du vote).
- **Les e-mails que le site vous envoie** : leur texte est gardé le temps de les remettre,
  pour ne jamais les perdre, puis effacé dès l'envoi ; la trace de l'envoi (sans le texte)
  est gardée 90 jours, pour ne jamais l'envoyer deux fois.

## Ce qui est effacé, et quand

Chaque nuit, ce qui a fini de servir est effacé :

- un compte jamais confirmé, 7 jours après l'inscription ;
- une copie de vos données, 7 jours après sa préparation ;
- la trace d'un e-mail envoyé, 90 jours après ;
- une invitation (co-hôte d'un lieu, co-auteur d'une candidature) jamais acceptée, 30 jours
  après son envoi ;
- les codes de présence courts, un jour après leur expiration, et les sessions expirées.

## Ce que nous ne conservons pas

Ni page vue, ni clic, ni temps passé, ni adresse IP dans les journaux : les journaux du
serveur notent la route demandée, la réponse et le numéro de compte, jamais votre adresse
ou votre navigateur. Aucun cookie de mesure d'audience ou de publicité. Les seuls cookies
déposés font marcher le site : la session (pour rester connecté), la protection des
formulaires, le message qui confirme un formulaire envoyé (effacé dès qu'il est affiché) et,
sur un site doté d'une copie de sa base de données, un cookie vide de dix secondes après un
formulaire, pour que la page suivante montre ce que vous venez d'écrire. La tablette qu'un
lieu installe pour afficher son code de présence garde le cookie qui l'identifie comme écran
du lieu.

## Qui peut voir vos données

Ce que vous publiez (nom affiché sur une équipe, un soutien public) est visible de toutes et
tous. Le reste n'est visible que de vous et, pour ce que leur rôle exige, des hôtes des lieux
où vous validez une présence et de l'équipe de la coopérative. Rien n'est vendu ni cédé.

## Vos droits

La page « Ma trace » de votre compte montre tout ce que nous gardons sur vous, en prépare une
copie (articles 15 et 20 du RGPD) et supprime votre compte (article 17), en disant ce qui part
et ce qui reste. Vous pouvez aussi rectifier vos données, vous opposer à un traitement ou
poser une question en écrivant à l'adresse ci-dessus.
Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).
"""

ACCESSIBILITY = """\
## État de conformité

La coopérative s'engage à rendre ce site accessible conformément à l'article 47 de la loi
n° 2005-102 du 11 février 2005. Le site n'a pas encore fait l'objet d'un audit de conformité
au RGAA 4.1 par un tiers : il est donc **non conforme** au sens du référentiel, en
attendant cet audit (**À compléter** : la date et le résultat de l'audit une fois réalisé).

## Ce qui est vérifié à chaque version

À chaque modification du code, une suite de tests ouvre chaque type de page dans un
navigateur et vérifie : l'absence d'erreur détectée par axe-core (règles WCAG 2.1 A et AA),
et la lecture sans défilement horizontal sur un écran de 320 pixels de large. Le site
n'utilise aucun JavaScript.

Pages vérifiées ainsi : chaque type de page publique (accueil, territoire, lieu, événement,
agenda, marathon, défi, appel, causes, lois, coopérative, ces pages légales), la connexion et
la création de compte, et les pages des personnes connectées (« Ma page », « Mon compte »,
les pages des hôtes de lieux).

## Non-conformités connues

- Les documents PDF déposés par l'équipe (statuts, documents d'assemblée) ne sont pas
  vérifiés : ils peuvent ne pas être accessibles.
- L'espace d'administration (« back-office ») n'est pas vérifié.
- Le code QR de configuration du second facteur n'a pas d'autre forme que la clé écrite à
  côté.

## Vous n'arrivez pas à accéder à un contenu

Écrivez à **À compléter** (une adresse lue par une personne) : nous vous répondrons et vous
fournirons le contenu sous une autre forme.

## Voies de recours

Si vous n'obtenez pas de réponse satisfaisante, vous pouvez écrire au Défenseur des droits
(www.defenseurdesdroits.fr) ou à son délégué dans votre région.
"""

DEFAULTS = {
    "mentions-legales": ("Mentions légales", NOTICE),
    "donnees-personnelles": ("Données personnelles", PERSONAL_DATA),
    "accessibilite": ("Déclaration d'accessibilité", ACCESSIBILITY),
}


def seed(LegalPage):
    """Create the pages that do not exist yet; never overwrite staff's text."""
    for kind, (title, body) in DEFAULTS.items():
        LegalPage.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})
