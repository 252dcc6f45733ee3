"""Ready-made questionnaires a coordinator copies and adapts.

Keys of the questions are kept in copies, so that the answers to the same
question can be compared from one edition of a series to the next.
"""

from django.utils.translation import gettext_lazy as _

from .models import Question, Questionnaire

K = Question.Kind

SATISFACTION = {
    "title": _("Satisfaction questionnaire"),
    "audience": Questionnaire.Audience.PARTICIPANTS,
    "intro": _(
        "Thank you for taking part! Your opinion helps us prepare the next "
        "edition. Answering takes about three minutes."
    ),
    "sections": [
        {
            "title": _("Your overall opinion"),
            "questions": [
                ("overall", K.SATISFACTION, _("Overall, how satisfied are you?"), True),
                ("content", K.SATISFACTION, _("The content of the day"), False),
                (
                    "format",
                    K.SATISFACTION,
                    _("The format and the length of the day"),
                    False,
                ),
                (
                    "exchanges",
                    K.SATISFACTION,
                    _("The exchanges and meeting other people"),
                    False,
                ),
                (
                    "organisation",
                    K.SATISFACTION,
                    _("The organisation and the venue"),
                    False,
                ),
            ],
        },
        {
            "title": _("What you take away"),
            "questions": [
                (
                    "takeaway",
                    K.LONG_TEXT,
                    _("What will you take away from this day?"),
                    False,
                ),
                ("improve", K.LONG_TEXT, _("What should we improve?"), False),
                ("come_back", K.YES_NO, _("Would you come back next time?"), False),
                (
                    "recommend",
                    K.RECOMMENDATION,
                    _(
                        "How likely are you to recommend this event to a "
                        "colleague or another volunteer?"
                    ),
                    False,
                ),
            ],
        },
    ],
}

INTERNAL = {
    "title": _("Internal evaluation"),
    "audience": Questionnaire.Audience.TEAM,
    "intro": _(
        "For the organising team: a look back at how we prepared and ran the "
        "event, to do better next time."
    ),
    "sections": [
        {
            "title": _("Preparation"),
            "questions": [
                (
                    "prep_committees",
                    K.SATISFACTION,
                    _("The work of the steering and monitoring committees"),
                    True,
                ),
                (
                    "prep_schedule",
                    K.SATISFACTION,
                    _("The schedule of the preparation"),
                    False,
                ),
                (
                    "prep_roles",
                    K.YES_NO,
                    _("Were everyone's roles clear?"),
                    False,
                ),
            ],
        },
        {
            "title": _("The day itself"),
            "questions": [
                (
                    "day_objectives",
                    K.SATISFACTION,
                    _("Were the objectives of the day reached?"),
                    True,
                ),
                ("day_logistics", K.SATISFACTION, _("Logistics and venue"), False),
                (
                    "day_attendance",
                    K.NUMBER,
                    _("How many people did you welcome at your stand or workshop?"),
                    False,
                ),
            ],
        },
        {
            "title": _("Lessons learned"),
            "questions": [
                ("worked_well", K.LONG_TEXT, _("What worked well?"), False),
                (
                    "to_change",
                    K.LONG_TEXT,
                    _("What should change for the next edition?"),
                    False,
                ),
            ],
        },
    ],
}

TEMPLATES = {"satisfaction": SATISFACTION, "internal": INTERNAL}
TEMPLATE_CHOICES = [
    ("satisfaction", _("Satisfaction questionnaire")),
    ("internal", _("Internal evaluation")),
]
