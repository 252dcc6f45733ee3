"""Demo partner network drawn from the seeds (RESO77, Fondation Monoprix, CCAS…)."""

from .models import Audience, Membership, Organisation, Person, Theme

K = Organisation.Kind

AUDIENCES = [
    "Seniors",
    "Jeunes",
    "Familles",
    "Personnes en précarité",
    "Demandeurs d'emploi",
    "Bénévoles",
    "Tout public",
]
THEMES = [
    "Lien social",
    "Insertion professionnelle",
    "Culture",
    "Numérique",
    "Santé",
    "Aide alimentaire",
    "Protection de l'enfance",
    "Engagement bénévole",
]

# name, acronym, kind, commune, postal code, audiences, themes
ORGANISATIONS = [
    (
        "RESO77",
        "",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Bénévoles"],
        ["Engagement bénévole"],
    ),
    (
        "Maison départementale des solidarités de Meaux",
        "MDS Meaux",
        K.PUBLIC_SERVICE,
        "Meaux",
        "77100",
        ["Familles", "Personnes en précarité"],
        ["Lien social"],
    ),
    (
        "Maison départementale des solidarités de Provins",
        "MDS Provins",
        K.PUBLIC_SERVICE,
        "Provins",
        "77160",
        ["Familles"],
        ["Lien social"],
    ),
    (
        "Croix-Rouge française — Unité locale de Meaux",
        "Croix-Rouge de Meaux",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Personnes en précarité"],
        ["Aide alimentaire", "Santé"],
    ),
    (
        "Mission locale du Pays de Meaux",
        "Mission locale",
        K.PUBLIC_SERVICE,
        "Meaux",
        "77100",
        ["Jeunes"],
        ["Insertion professionnelle"],
    ),
    (
        "Cultures du cœur Seine-et-Marne",
        "Cultures du cœur",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Personnes en précarité"],
        ["Culture"],
    ),
    (
        "Maison de l'emploi Nord-Est 77",
        "MDE",
        K.PUBLIC_SERVICE,
        "Meaux",
        "77100",
        ["Demandeurs d'emploi"],
        ["Insertion professionnelle"],
    ),
    (
        "La maison de Laurence",
        "",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Familles"],
        ["Lien social"],
    ),
    (
        "Association d'entraide départementale",
        "AEDE",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Familles"],
        ["Lien social"],
    ),
    (
        "ADSEA 77 — Action éducative sociale et familiale",
        "ADSEA AESF",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Jeunes", "Familles"],
        ["Protection de l'enfance"],
    ),
    (
        "Secours Catholique — Délégation de Seine-et-Marne",
        "Secours Catholique",
        K.ASSOCIATION,
        "Meaux",
        "77100",
        ["Personnes en précarité"],
        ["Aide alimentaire", "Lien social"],
    ),
    (
        "Fondation Monoprix",
        "",
        K.FOUNDATION,
        "Clichy",
        "92110",
        ["Personnes en précarité", "Seniors"],
        ["Lien social"],
    ),
    (
        "Pro Bono Lab",
        "",
        K.ASSOCIATION,
        "Paris",
        "75011",
        ["Bénévoles"],
        ["Engagement bénévole"],
    ),
    (
        "Centre communal d'action sociale d'Angers",
        "CCAS d'Angers",
        K.LOCAL_AUTHORITY,
        "Angers",
        "49000",
        ["Seniors", "Tout public"],
        ["Lien social", "Engagement bénévole"],
    ),
    (
        "Relais amicaux Malakoff Humanis",
        "Relais amicaux",
        K.ASSOCIATION,
        "Le Mans",
        "72000",
        ["Seniors"],
        ["Lien social"],
    ),
    (
        "IMP'acte",
        "",
        K.ASSOCIATION,
        "Paris",
        "75010",
        ["Jeunes"],
        ["Engagement bénévole"],
    ),
]

# first name, last name, organisation acronym or name, function, status
PEOPLE = [
    ("Cathy", "Clerc", "MDS Meaux", "Assistante sociale", Membership.Status.EMPLOYEE),
    (
        "Marie-Josée",
        "Chaumette",
        "Croix-Rouge de Meaux",
        "Bénévole",
        Membership.Status.VOLUNTEER,
    ),
    ("Valérie", "Delahaye", "MDS Provins", "Conseillère", Membership.Status.EMPLOYEE),
    (
        "Emilien",
        "Fougeron",
        "Mission locale",
        "Volontaire",
        Membership.Status.CIVIC_SERVICE,
    ),
    (
        "Elsa",
        "Geoffroy",
        "Cultures du cœur",
        "Chargée de mission",
        Membership.Status.EMPLOYEE,
    ),
    (
        "Caroline",
        "Jacquet",
        "MDE",
        "Chargée de relations entreprises",
        Membership.Status.EMPLOYEE,
    ),
    ("Danièle", "Kubik", "AEDE", "Présidente", Membership.Status.ELECTED),
    ("Annie", "Marchand", "RESO77", "Coordinatrice", Membership.Status.EMPLOYEE),
    ("Marie-Paule", "Ortega", "ADSEA AESF", "Éducatrice", Membership.Status.EMPLOYEE),
    ("Martin", "Palla", "ADSEA AESF", "Stagiaire", Membership.Status.INTERN),
    (
        "Jacqueline",
        "Thieulart",
        "Secours Catholique",
        "Bénévole",
        Membership.Status.VOLUNTEER,
    ),
    ("Marilyne", "Leterme", "RESO77", "Animatrice", Membership.Status.EMPLOYEE),
]


def _slug_email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_name.lower() if c.isalnum())[:20]


def load(*, stdout=None) -> None:
    audiences = {
        name: Audience.objects.get_or_create(name=name)[0] for name in AUDIENCES
    }
    themes = {name: Theme.objects.get_or_create(name=name)[0] for name in THEMES}
    by_label = {}
    for name, acronym, kind, commune, postal_code, aud, thm in ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "commune": commune,
                "postal_code": postal_code,
                "email": f"contact@{_slug_email(acronym or name)}.example.org",
            },
        )
        organisation.audiences.set([audiences[a] for a in aud])
        organisation.themes.set([themes[t] for t in thm])
        by_label[name] = by_label[acronym or name] = organisation
    for first_name, last_name, label, function, status in PEOPLE:
        person, _created = Person.objects.update_or_create(
            first_name=first_name,
            last_name=last_name,
            defaults={"directory_consent": True},
        )
        Membership.objects.update_or_create(
            person=person,
            organisation=by_label[label],
            function=function,
            defaults={"status": status},
        )
    if stdout is not None:
        stdout.write(f"Partner network: {Organisation.objects.count()} organisations.")
