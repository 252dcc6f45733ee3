"""Demo events, from the seeds: the Journée inter-associative 2017, the
Rencontres Agir ensemble 2011-2013, the RESO77 and IMP'acte meetings, an
upcoming journée open for registration, an activity in sessions and a draft.

Idempotent: everything is found again by its natural key (slugs, titles and
times) and updated.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partners.models import Organisation, Person

from .models import (
    Action,
    ActivitySession,
    AgendaItem,
    AgendaPoint,
    Attendance,
    BudgetLine,
    Charter,
    CharterVersion,
    Committee,
    CommitteeMember,
    Decision,
    Event,
    EventPart,
    EventSeries,
    Registration,
    RegistrationPart,
    Room,
    Speaker,
    Stand,
    TeamRole,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
K = AgendaItem.Kind


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _org(label: str, kind=Organisation.Kind.ASSOCIATION) -> Organisation:
    found = (
        Organisation.objects.filter(name=label).first()
        or Organisation.objects.filter(acronym=label).first()
    )
    if found is None:
        found = Organisation.objects.create(name=label, kind=kind)
    return found


def _person(first_name: str, last_name: str) -> Person:
    person = Person.objects.filter(first_name=first_name, last_name=last_name).first()
    if person is None:
        person = Person.objects.create(first_name=first_name, last_name=last_name)
    return person


def _event(slug: str, **fields) -> Event:
    from .services import change_event_capacity

    co_organisers = fields.pop("co_organisers", [])
    funders = fields.pop("funders", [])
    capacity = fields.pop("capacity", None)
    event, _created = Event.objects.update_or_create(slug=slug, defaults=fields)
    event.co_organisers.set(co_organisers)
    event.funders.set(funders)
    change_event_capacity(event=event, capacity=capacity)
    event.refresh_from_db(fields=["capacity"])
    return event


def _part(event, title: str, *, position: int, capacity=None) -> EventPart:
    """The part of ``event`` so titled, its seats kept to ``capacity``."""
    from .services import add_part, change_capacity

    part = event.parts.filter(title=title).first()
    if part is None:
        return add_part(event=event, title=title, position=position, capacity=capacity)
    EventPart.objects.filter(pk=part.pk).update(position=position)
    change_capacity(part=part, capacity=capacity)
    part.refresh_from_db()
    return part


def _programme(event, day, rows, *, parts=None, rooms=None):
    """rows: (start, end, kind, title, description, part, room, speakers)."""
    parts, rooms = parts or {}, rooms or {}
    for position, row in enumerate(rows):
        start, end, kind, title, description, part, room, speakers = row
        item, _created = AgendaItem.objects.update_or_create(
            event=event,
            title=title,
            defaults={
                "kind": kind,
                "description": description,
                "starts_at": _at(day, start),
                "ends_at": _at(day, end),
                "position": position,
                "part": parts.get(part),
                "room": rooms.get(room),
            },
        )
        for speaker_position, (name, title_, person) in enumerate(speakers):
            Speaker.objects.update_or_create(
                agenda_item=item,
                name=name,
                defaults={
                    "title": title_,
                    "person": person,
                    "position": speaker_position,
                },
            )


def _journee_2017(monoprix, probono):
    day = dt.date(2017, 11, 23)
    event = _event(
        "journee-inter-associative-2017",
        title="Journée inter-associative 2017",
        kind=Event.Kind.DAY,
        status=Event.Status.FINISHED,
        starts_at=_at(day, "09:30"),
        ends_at=_at(day, "17:30"),
        organiser=monoprix,
        co_organisers=[probono],
        funders=[monoprix],
        venue_name="Fondation Monoprix",
        venue_address="Paris",
        context="Une journée pour les associations partenaires de la Fondation Monoprix.",
        stakes=(
            "Créer du lien entre les associations partenaires de la Fondation "
            "Monoprix.\nFaciliter la mutualisation et le partage de compétences, "
            "bonnes pratiques."
        ),
        objectives=(
            "Comment renforcer le lien social grâce au numérique ?\n"
            "Comment pérenniser / ancrer dans la durée des actions de lien social ?\n"
            "Comment évaluer un projet centré sur le lien social ?"
        ),
        offers_lunch=True,
    )
    rooms = {
        name: Room.objects.update_or_create(
            event=event, name=name, defaults={"position": n}
        )[0]
        for n, name in enumerate(["Plénière", "Salle 1", "Salle 2", "Salle 3"])
    }
    _programme(
        event,
        day,
        [
            ("09:30", "10:00", K.WELCOME, "Accueil café", "", None, "Plénière", []),
            (
                "10:00",
                "10:30",
                K.PLENARY,
                "Présentation de la journée",
                "",
                None,
                "Plénière",
                [],
            ),
            (
                "10:30",
                "11:00",
                K.WORKSHOP,
                "Atelier collectif pour mieux se connaître (ice-breaking)",
                "",
                None,
                "Plénière",
                [],
            ),
            (
                "11:00",
                "12:30",
                K.WORKSHOP,
                "Atelier #1 : le numérique au service du lien social",
                "Comment renforcer le lien social grâce au numérique ?",
                None,
                "Salle 1",
                [],
            ),
            (
                "11:00",
                "12:30",
                K.WORKSHOP,
                "Atelier #2 : pérenniser le lien",
                "Comment pérenniser / ancrer dans la durée des actions de lien social ?",
                None,
                "Salle 2",
                [],
            ),
            (
                "11:00",
                "12:30",
                K.WORKSHOP,
                "Atelier #3 : évaluer un projet de lien social",
                "Comment évaluer un projet centré sur le lien social ?",
                None,
                "Salle 3",
                [],
            ),
            ("12:30", "14:00", K.LUNCH, "Déjeuner", "", None, None, []),
            (
                "14:00",
                "17:00",
                K.WORKSHOP,
                "Suite des ateliers en groupe",
                "",
                None,
                None,
                [],
            ),
            (
                "17:00",
                "17:30",
                K.FEEDBACK,
                "Restitution des échanges en plénière",
                "",
                None,
                "Plénière",
                [],
            ),
        ],
        rooms=rooms,
    )
    people = [
        ("Bethan", "Aumonier", "Dons Solidaires", "professionnel"),
        ("Margot", "Laillet", "AGORAé", "benevole"),
        ("Sophie", "Bernier", "Emmaüs Connect", "professionnel"),
        ("Karim", "Benali", "Singa", "professionnel"),
        ("Hélène", "Rousseau", "PPM", "benevole"),
    ]
    for first_name, last_name, organisation, status in people:
        Registration.objects.update_or_create(
            event=event,
            email=f"{first_name.lower()}.{last_name.lower()}@example.org",
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "organisation": Organisation.objects.filter(
                    acronym=organisation
                ).first()
                or Organisation.objects.filter(name=organisation).first(),
                "organisation_name": organisation,
                "status": status,
                "attended": True,
                "wants_lunch": True,
                "consent_at": event.starts_at - dt.timedelta(days=20),
            },
        )
    return event


AGIR_2013 = [
    (
        "10:00",
        "12:00",
        K.DEBATE,
        "Débat : « Quels enjeux et place des seniors dans le bénévolat ? »",
        "Débat rythmé par des témoignages, présentation de formations et visite d'actions.",
        "matin",
        "Auditorium",
        [
            (
                "Jean-François Serres",
                "secrétaire général des Petits frères des pauvres",
                None,
            )
        ],
    ),
    ("12:00", "13:00", K.LUNCH, "Déjeuner des bénévoles", "", "matin", None, []),
    (
        "13:00",
        "14:00",
        K.VILLAGE,
        "Accueil : Village des solidarités",
        "Espace d'échanges et de partage d'actions innovantes.",
        "apres_midi",
        "Hall",
        [],
    ),
    (
        "14:00",
        "14:15",
        K.PLENARY,
        "Ouverture par le Maire d'Angers, Président du CCAS",
        "",
        "apres_midi",
        "Auditorium",
        [],
    ),
    (
        "14:15",
        "15:30",
        K.CONFERENCE,
        "Conférence : « Repenser la solidarité » face à un contexte socio-économique fragilisé",
        "",
        "apres_midi",
        "Auditorium",
        [("Serge Paugam", "sociologue, directeur d'études à l'EHESS", None)],
    ),
    (
        "15:30",
        "16:30",
        K.BREAK,
        "Pause au village des solidarités",
        "",
        "apres_midi",
        "Hall",
        [],
    ),
    (
        "16:30",
        "18:00",
        K.ROUND_TABLE,
        "Table ronde : une logique de parcours pour accompagner les publics fragilisés",
        "L'expérimentation sociale au service du territoire ; zoom sur des actions "
        "angevines solidaires (mobilité, aide alimentaire, habitat intergénérationnel).",
        "apres_midi",
        "Auditorium",
        [
            ("Martin Hirsch", "ancien Haut-commissaire aux solidarités actives", None),
            ("Cabinet EQR", "partage des réalités de territoire", None),
        ],
    ),
    (
        "18:00",
        "19:15",
        K.DEBATE,
        "Débat public : quelle réalité ? Quels leviers pour agir ensemble ?",
        "En présence d'acteurs locaux : UNA, FNARS, URIOPSS, IRESA.",
        "apres_midi",
        "Auditorium",
        [],
    ),
    (
        "19:15",
        "19:30",
        K.PLENARY,
        "Conclusion par le Maire d'Angers",
        "",
        "apres_midi",
        "Auditorium",
        [],
    ),
    (
        "19:30",
        "20:30",
        K.OTHER,
        "Cocktail apéritif au village des solidarités",
        "",
        "apres_midi",
        "Hall",
        [],
    ),
]


def _agir_ensemble(ccas):
    series, _created = EventSeries.objects.update_or_create(
        slug="rencontres-agir-ensemble",
        defaults={
            "title": "Rencontres « Agir ensemble »",
            "organiser": ccas,
            "description": (
                "Temps fort de rencontre annuel organisé par le CCAS depuis 2011, "
                "avec l'ensemble de ses partenaires, associatifs et institutionnels, "
                "professionnels, bénévoles et élus."
            ),
            # The bilan of seeds/004, in the organisers' own words.
            "review_positives": (
                "Rencontre appréciée tant sur le fond que sur la forme.\n"
                "Un travail transversal et de bonnes collaborations en interne à "
                "la préparation de la rencontre.\n"
                "Un temps riche d'échanges et de rencontres.\n"
                "Permet aux acteurs de la solidarité de se rencontrer : "
                "formalisation de projet, co-construction.\n"
                "Qualité des interventions et témoignages.\n"
                "Mise en perspective et sens donné à l'engagement."
            ),
            "review_changes": (
                "Limiter le nombre d'interventions afin de favoriser les échanges "
                "avec le public.\n"
                "Définir et mettre en œuvre l'organisation de la rencontre en mode "
                "projet : stabiliser le plus en amont possible la commande et le "
                "lieu, définir une structure projet et clarifier les rôles de "
                "chacun au démarrage du travail."
            ),
            "review_observations": (
                "De 322 personnes en 2011 à 1 155 en 2013 : la rencontre attire "
                "de plus en plus de visiteurs. Budget de la rencontre 2013 : "
                "40 000 €."
            ),
        },
    )
    editions = {}
    for year, day, count in (
        (2011, dt.date(2011, 10, 11), 322),
        (2012, dt.date(2012, 10, 9), None),
        (2013, dt.date(2013, 10, 8), 1155),
    ):
        editions[year] = _event(
            f"agir-ensemble-{year}",
            title=f"Rencontres « Agir ensemble » {year}",
            kind=Event.Kind.DAY,
            status=Event.Status.FINISHED,
            series=series,
            starts_at=_at(day, "10:00"),
            ends_at=_at(day, "20:30"),
            organiser=ccas,
            venue_name="Angers",
            participant_count=count,
            objectives=(
                "Présenter les orientations politiques de la Ville en matière "
                "d'action sociale ; renforcer la place de la Ville animatrice de son "
                "territoire ; engager une construction partagée d'actions ; "
                "valoriser l'engagement du secteur associatif et de ses bénévoles."
            ),
            audiences="Bénévoles, professionnels, élus, associations et institutions.",
        )
    event = editions[2013]
    parts = {
        "matin": _part(
            event, "Matinée des bénévoles retraités", position=0, capacity=200
        ),
        "apres_midi": _part(event, "Après-midi ouverte à tous", position=1),
    }
    rooms = {
        name: Room.objects.update_or_create(
            event=event, name=name, defaults={"position": n}
        )[0]
        for n, name in enumerate(["Auditorium", "Hall"])
    }
    _programme(event, event.starts_at.date(), AGIR_2013, parts=parts, rooms=rooms)
    for name, organisation, shows in (
        ("Location solidaire de voitures", "Solidar'Auto 49", "Soutien à la mobilité"),
        ("RestoBus", "Restos du cœur 49", "Aide alimentaire itinérante"),
        ("Resto Troc", "Resto Troc", "Aide alimentaire"),
        ("Habitat intergénérationnel", "Le Temps pour toit", "Logement partagé"),
        ("Habitat adapté", "Le Toit angevin", "Programme d'habitat adapté"),
    ):
        Stand.objects.update_or_create(
            event=event,
            name=name,
            defaults={"organisation": _org(organisation), "shows": shows},
        )
    for role, first_name, last_name in (
        (TeamRole.Role.PROJECT_LEAD, "Nadia", "Haddad"),
        (TeamRole.Role.VOLUNTEERS, "Julien", "Perrin"),
    ):
        TeamRole.objects.update_or_create(
            event=event,
            role=role,
            defaults={"person": _person(first_name, last_name), "organisation": ccas},
        )
    TeamRole.objects.update_or_create(
        event=event,
        role=TeamRole.Role.COORDINATION,
        defaults={
            "name": "Direction information et communication",
            "organisation": ccas,
        },
    )
    BudgetLine.objects.update_or_create(
        event=event,
        label="Budget global de la rencontre",
        defaults={"planned": Decimal("40000.00"), "actual": Decimal("40000.00")},
    )
    for slug, title, kind, cadence, weeks in (
        (
            "copil-agir-ensemble",
            "Comité de pilotage « Agir ensemble »",
            Committee.Kind.STEERING,
            "Tous les 2 ou 3 mois à partir de mars",
            10,
        ),
        (
            "cosui-agir-ensemble",
            "Comité de suivi « Agir ensemble »",
            Committee.Kind.MONITORING,
            "Tous les 2 mois à partir de février",
            8,
        ),
    ):
        committee, _created = Committee.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "organiser": ccas,
                "series": series,
                "cadence": cadence,
                "cadence_weeks": weeks,
            },
        )
        CommitteeMember.objects.update_or_create(
            committee=committee,
            person=_person("Nadia", "Haddad"),
            defaults={"organisation": ccas, "role": "Cheffe de projet"},
        )
    return series


RESO77_PRESENT = [
    ("Cathy", "Clerc", "MDS Meaux", ""),
    ("Marie-Josée", "Chaumette", "Croix-Rouge de Meaux", ""),
    ("Valérie", "Delahaye", "MDS Provins", ""),
    ("Emilien", "Fougeron", "Mission locale", "Service civique"),
    ("Elsa", "Geoffroy", "Cultures du cœur", ""),
    ("Caroline", "Jacquet", "MDE", ""),
    ("Danièle", "Kubik", "AEDE", ""),
    ("Annie", "Marchand", "RESO77", ""),
    ("Marie-Paule", "Ortega", "ADSEA AESF", ""),
    ("Martin", "Palla", "ADSEA AESF", "Stagiaire"),
    ("Jacqueline", "Thieulart", "Secours Catholique", ""),
    ("Marilyne", "Leterme", "RESO77", ""),
]


def _reso77_meeting(reso77):
    from .services import schedule_next_meeting

    committee, _created = Committee.objects.update_or_create(
        slug="groupe-benevoles-professionnels",
        defaults={
            "title": "Groupe « Bénévoles associations caritatives / Professionnels Action sociale »",
            "kind": Committee.Kind.WORKING_GROUP,
            "organiser": reso77,
            "cadence": "Tous les deux à trois mois",
        },
    )
    day = dt.date(2012, 1, 5)
    meeting = _event(
        "reso77-groupe-2012-01-05",
        title="Réunion du groupe bénévoles / professionnels",
        kind=Event.Kind.GROUP_MEETING,
        status=Event.Status.FINISHED,
        committee=committee,
        starts_at=_at(day, "14:00"),
        ends_at=_at(day, "16:30"),
        organiser=reso77,
        venue_name="Meaux",
    )
    for first_name, last_name, organisation, note in RESO77_PRESENT:
        person = _person(first_name, last_name)
        Attendance.objects.update_or_create(
            event=meeting,
            person=person,
            defaults={
                "organisation": _org(organisation),
                "status": Attendance.Status.PRESENT,
                "note": note,
            },
        )
        CommitteeMember.objects.update_or_create(
            committee=committee,
            person=person,
            defaults={"organisation": _org(organisation)},
        )
    points = {}
    for position, (title, notes) in enumerate(
        [
            (
                "Bilan conférence Partenariat",
                "Intéressant ; importance du but commun ; outil intéressant ; bénéfique "
                "pour tous. Points forts : exposé très simple et très pointu, définition "
                "du partenariat, intérêt du travail en commun (1 + 1 = 3).",
            ),
            (
                "Point sur le groupe",
                "Aide-mémoire intéressant pour les professionnels accompagnant des jeunes "
                "en situation difficile. Attention de ne pas tourner en rond ; le projet "
                "sur le territoire de Meaux a donné une dimension concrète.",
            ),
            (
                "Attentes sur le partenariat",
                "Envie d'une boîte à outils type aide-mémoire ; ne plus être seul ; "
                "différents niveaux de partenariat ; une convention est parfois nécessaire.",
            ),
            (
                "Aide-mémoire",
                "Bien accueilli. Comment gérer les mises à jour ? Question souvent posée.",
            ),
            (
                "Suite à donner",
                "Partenariat bénévoles / professionnels : secret partagé. Micro-thème avec "
                "un intervenant possible ; mieux connaître les nouveaux métiers.",
            ),
            (
                "Divers",
                "Café RESO à Meaux envisagé au Secours catholique rue de la République ou "
                "au SAVS du Fil de l'Ourcq.",
            ),
        ]
    ):
        points[title], _created = AgendaPoint.objects.update_or_create(
            event=meeting, title=title, defaults={"notes": notes, "position": position}
        )
    Decision.objects.update_or_create(
        event=meeting,
        text="Prochain micro-thème : le secret partagé entre bénévoles et professionnels.",
        defaults={"agenda_point": points["Suite à donner"]},
    )
    for position, (description, who) in enumerate(
        [
            ("Faire une fiche projet pour le groupe", "RESO77"),
            ("Faire une fiche et un retour de la conférence", "RESO77"),
            ("Compte rendu et article de presse", "RESO77"),
            ("Envoyer l'évaluation par mail au groupe", "RESO77"),
            (
                "Aide-mémoire : mettre un mail générique des structures comme coordonnées",
                "RESO77",
            ),
            (
                "Aide-mémoire : identifier les structures relais Cultures du cœur",
                "Cultures du cœur",
            ),
            (
                "Aide-mémoire : ajouter La maison de Laurence sur le public de Meaux",
                "RESO77",
            ),
        ]
    ):
        Action.objects.update_or_create(
            event=meeting,
            description=description,
            defaults={
                "organisation": _org(who),
                "position": position,
                "agenda_point": points["Aide-mémoire"]
                if description.startswith("Aide-mémoire")
                else points["Suite à donner"],
                "due_on": dt.date(2012, 3, 15),
            },
        )
    if meeting.next_meeting_id is None:
        schedule_next_meeting(
            meeting=meeting,
            starts_at=_at(dt.date(2012, 3, 15), "14:30"),
            ends_at=_at(dt.date(2012, 3, 15), "16:30"),
            venue_name="Résidence les Servins AEDE",
            venue_address="54 rue Pierre Mendès France, Nanteuil-lès-Meaux",
        )
    return meeting


def _impacte_meeting(impacte):
    from .services import schedule_next_meeting

    day = dt.date(2017, 12, 5)
    meeting = _event(
        "impacte-rencontre-2017-12-05",
        title="Rencontre de l'association IMP'acte",
        kind=Event.Kind.GROUP_MEETING,
        status=Event.Status.FINISHED,
        starts_at=_at(day, "18:00"),
        ends_at=_at(day, "20:00"),
        organiser=impacte,
        venue_name="Collège Coopératif en Bretagne",
        venue_address="Campus de la Harpe, Rennes",
        minutes_summary=(
            "Cette troisième rencontre a réuni 7 personnes dont des professionnels du "
            "secteur de l'intervention sociale et des enseignants du Collège "
            "Coopératif en Bretagne."
        ),
    )
    points = {}
    for position, (title, notes) in enumerate(
        [
            (
                "Déclinaison concrète des axes de l'association",
                "Trois éléments de cadre : mettre en lien les acteurs du territoire ; "
                "être un lieu ressource ; être un lieu d'innovation sociale. L'idée d'un "
                "incubateur de projet est mise de côté pour l'instant.",
            ),
            (
                "Les soirées-débat",
                "Thèmes proposés : le bien-être au travail ; l'insertion par la création "
                "d'activité ; participation et place des habitants, des usagers ; "
                "coopération et travail partenarial.",
            ),
            (
                "À venir",
                "Préciser la thématique pour en faire un questionnement à traiter lors "
                "de la première soirée-débat.",
            ),
        ]
    ):
        points[title], _created = AgendaPoint.objects.update_or_create(
            event=meeting, title=title, defaults={"notes": notes, "position": position}
        )
    for position, (text, point) in enumerate(
        [
            (
                "Réaliser dans un premier temps des soirées-débat thématiques.",
                "Déclinaison concrète des axes de l'association",
            ),
            (
                "Première soirée-débat : la participation et la place des habitants.",
                "Les soirées-débat",
            ),
        ]
    ):
        Decision.objects.update_or_create(
            event=meeting,
            text=text,
            defaults={"agenda_point": points[point], "position": position},
        )
    Action.objects.update_or_create(
        event=meeting,
        description=(
            "Préciser la thématique et en faire un questionnement pour la première "
            "soirée-débat"
        ),
        defaults={"organisation": impacte, "due_on": dt.date(2018, 1, 15)},
    )
    if meeting.next_meeting_id is None:
        schedule_next_meeting(
            meeting=meeting,
            starts_at=_at(dt.date(2018, 1, 15), "18:00"),
            ends_at=_at(dt.date(2018, 1, 15), "20:00"),
            venue_name="Salle 21 du Collège Coopératif",
            venue_address="Campus de la Harpe, Rennes",
        )
    return meeting


def _upcoming(monoprix, probono):
    from .services.registrations import claim_seat

    charter, _created = Charter.objects.update_or_create(
        slug="charte-benevoles-adherents",
        defaults={"title": "Charte des bénévoles et adhérents"},
    )
    CharterVersion.objects.update_or_create(
        charter=charter,
        number=1,
        defaults={
            "text": (
                "Sans bénévole, le relais n'existe pas. Je m'engage à respecter les "
                "personnes accueillies, la confidentialité des échanges et le projet "
                "associatif, et à prévenir si je ne peux pas venir."
            )
        },
    )
    day = (timezone.localtime() + dt.timedelta(days=60)).date()
    event = _event(
        "journee-inter-associative-prochaine",
        title="Journée inter-associative — prochaine édition",
        kind=Event.Kind.DAY,
        status=Event.Status.PUBLISHED,
        starts_at=_at(day, "09:30"),
        ends_at=_at(day, "17:30"),
        organiser=monoprix,
        co_organisers=[probono],
        funders=[monoprix],
        venue_name="Maison des associations",
        venue_address="18 rue de la République, Paris",
        description=(
            "Une journée pour se rencontrer entre associations partenaires, "
            "partager des pratiques et travailler en ateliers."
        ),
        is_registration_open=True,
        offers_lunch=True,
        charter=charter,
    )
    parts = {
        "matin": _part(event, "Matinée", position=0, capacity=60),
        "apres_midi": _part(event, "Après-midi", position=1, capacity=40),
    }
    rooms = {
        name: Room.objects.update_or_create(
            event=event, name=name, defaults={"position": n}
        )[0]
        for n, name in enumerate(["Grande salle", "Salle A", "Salle B"])
    }
    _programme(
        event,
        day,
        [
            (
                "09:30",
                "10:00",
                K.WELCOME,
                "Accueil café",
                "",
                "matin",
                "Grande salle",
                [],
            ),
            (
                "10:00",
                "10:30",
                K.PLENARY,
                "Présentation de la journée",
                "",
                "matin",
                "Grande salle",
                [],
            ),
            (
                "10:30",
                "12:30",
                K.WORKSHOP,
                "Atelier : le numérique et le lien social",
                "",
                "matin",
                "Salle A",
                [],
            ),
            (
                "10:30",
                "12:30",
                K.WORKSHOP,
                "Atelier : évaluer un projet de lien social",
                "",
                "matin",
                "Salle B",
                [],
            ),
            ("12:30", "14:00", K.LUNCH, "Déjeuner", "", None, None, []),
            (
                "14:00",
                "16:30",
                K.WORKSHOP,
                "Suite des ateliers",
                "",
                "apres_midi",
                "Salle A",
                [],
            ),
            (
                "16:30",
                "17:30",
                K.FEEDBACK,
                "Restitution en plénière",
                "",
                "apres_midi",
                "Grande salle",
                [],
            ),
        ],
        parts=parts,
        rooms=rooms,
    )
    for n, (first_name, last_name, status) in enumerate(
        [
            ("Annie", "Marchand", "professionnel"),
            ("Jacqueline", "Thieulart", "benevole"),
            ("Bernard", "Lefèvre", "elu"),
        ]
    ):
        registration, created = Registration.objects.update_or_create(
            event=event,
            email=f"demo.inscrit{n}@example.org",
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "status": status,
                "organisation_name": "",
                "wants_lunch": True,
                "consent_at": timezone.now(),
                "charter_version": charter.current_version,
                "charter_accepted_at": timezone.now(),
            },
        )
        choice, created = RegistrationPart.objects.get_or_create(
            registration=registration, part=parts["matin"]
        )
        if created:
            with transaction.atomic():
                claim_seat(choice)
    return event


def _activity(relais):
    start = (timezone.localtime() + dt.timedelta(days=14)).date()
    event = _event(
        "atelier-numerique-6-seances",
        title="Atelier numérique en 6 séances",
        kind=Event.Kind.ACTIVITY,
        status=Event.Status.PUBLISHED,
        starts_at=_at(start, "14:00"),
        ends_at=_at(start + dt.timedelta(weeks=5), "16:00"),
        organiser=relais,
        venue_name="Relais amicaux",
        description="Six séances hebdomadaires : on s'engage pour une durée délimitée.",
        is_registration_open=True,
        capacity=12,
    )
    for number in range(1, 7):
        day = start + dt.timedelta(weeks=number - 1)
        ActivitySession.objects.update_or_create(
            event=event,
            number=number,
            defaults={"starts_at": _at(day, "14:00"), "ends_at": _at(day, "16:00")},
        )
    return event


def _draft(impacte):
    day = (timezone.localtime() + dt.timedelta(days=90)).date()
    return _event(
        "soiree-debat-participation-habitants",
        title="Soirée-débat : participation et place des habitants",
        kind=Event.Kind.DEBATE_EVENING,
        status=Event.Status.DRAFT,
        starts_at=_at(day, "18:30"),
        ends_at=_at(day, "21:00"),
        organiser=impacte,
        venue_name="Collège Coopératif en Bretagne",
        venue_address="Campus de la Harpe, Rennes",
    )


def load(*, stdout=None) -> None:
    monoprix = _org("Fondation Monoprix", Organisation.Kind.FOUNDATION)
    probono = _org("Pro Bono Lab")
    ccas = _org("CCAS d'Angers", Organisation.Kind.LOCAL_AUTHORITY)
    reso77 = _org("RESO77")
    impacte = _org("IMP'acte")
    relais = _org("Relais amicaux")

    _journee_2017(monoprix, probono)
    _agir_ensemble(ccas)
    _reso77_meeting(reso77)
    _impacte_meeting(impacte)
    _upcoming(monoprix, probono)
    _activity(relais)
    _draft(impacte)
    if stdout is not None:
        stdout.write(
            f"  events: {Event.objects.count()} events, "
            f"{AgendaItem.objects.count()} programme items"
        )
