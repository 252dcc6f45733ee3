"""Demo syntheses: the three ateliers of the Journée inter-associative 2017,
as their rapporteurs brought them to the plenary (seeds/003). Idempotent;
runs after ``workshops.demo`` has created the ateliers."""

from events.models import Event

from .syntheses import save_synthesis, synthesis_for

EVENT_SLUG = "journee-inter-associative-2017"

SYNTHESES = {
    "Le numérique au service du lien social": {
        "key_points": (
            "Le numérique est un moyen mais pas une fin : il ne remplace pas le "
            "contact humain.\n"
            "Il peut favoriser la prise de contact, mais les rencontres et "
            "réunions restent nécessaires."
        ),
        "recommendations": (
            "Former au numérique : plusieurs outils existent.\n"
            "Valoriser les bénévoles : créer un réseau social de bénévoles ou un "
            "groupe Facebook fermé (exemple : Parrains Par Mille, dont la page "
            "s'auto-anime par les interactions des bénévoles).\n"
            "Mettre en place des « parrainages numériques » pour pousser les "
            "bénévoles à inviter leurs proches : leur engagement pourra devenir "
            "plus pérenne s'ils sont engagés avec eux.\n"
            "Programmer ses publications à l'avance pour gagner du temps et "
            "augmenter son impact social."
        ),
        "resources": (
            "Plateforme PIX https://pix.fr\n"
            "Code Academy pour apprendre à coder, avec Singa\n"
            "Ateliers numériques de la Mairie de Paris\n"
            "Formation en ligne avec Emmaüs Connect https://emmaus-connect.org\n"
            "Hootsuite https://www.hootsuite.com\n"
            "Buffer https://buffer.com\n"
            "Google for Association\n"
            "LinkedIn For Good Volunteering\n"
            "Diffuz de la Macif https://diffuz.com"
        ),
        "notes": "En savoir plus : l'ensemble des notes de l'atelier.",
    },
    "Pérenniser le lien": {
        "key_points": (
            "Une action de lien social s'ancre dans la durée quand ceux qu'elle "
            "touche s'en emparent."
        ),
        "success_indicators": (
            "Création de projets différents de la mission initiale (et création "
            "de postes)\n"
            "Les bénéficiaires deviennent acteurs ou coacteurs du projet\n"
            "Création d'un réseau, développement de nouveaux contacts (ex. : le "
            "médecin généraliste prescripteur du bénévolat dans une association)\n"
            "Autonomisation des bénévoles (ex. : mise à disposition d'une boîte "
            "à outils du bénévole)"
        ),
        "notes": "En savoir plus : l'ensemble des notes de l'atelier.",
    },
    "Évaluer un projet de lien social": {
        "key_points": (
            "Proposition d'un cadre logique flexible pour les rapports "
            "d'évaluation aux financeurs mécènes, en quatre parties."
        ),
        "recommendations": (
            "1. Réalisations attendues : objectif général (défini en amont, avec "
            "le mécène), sous-objectifs, résultats attendus et indicateurs "
            "d'évaluation par sous-objectif.\n"
            "2. Réalisations inattendues : trois résultats significatifs non "
            "prévus au départ, négatifs et positifs.\n"
            "3. Pistes d'amélioration de l'action associative : dysfonctionnements "
            "par rapport aux attentes initiales, points d'amélioration perçus.\n"
            "4. Évaluation de la relation partenariale : attentes envers la "
            "fondation en matière d'accompagnement au-delà du mécénat financier."
        ),
        "success_indicators": (
            "Indicateurs d'évaluation définis par sous-objectif, avec le mécène"
        ),
    },
}


def load(*, stdout=None) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    written = 0
    for workshop in event.workshops.filter(title__in=SYNTHESES):
        synthesis = synthesis_for(workshop)
        save_synthesis(synthesis=synthesis, data=SYNTHESES[workshop.title])
        written += 1
    if stdout is not None and written:
        stdout.write(f"Syntheses: {written} ateliers.")
