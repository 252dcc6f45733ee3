"""The permission matrix: every page, as every role, by GET and by POST.

Every URL pattern the resolver knows (through its includes) must have a row in
``TABLE``: how to fill its parameters from the world (``permission_world``)
and the status each role must get. A new page without a row fails
``test_every_url_pattern_has_a_row``; a cell whose answer differs from the
table fails its part's test, which lists every mismatch at once (the matrix
runs in ``PARTS`` tests so that test processes share it).

Expected statuses are the intended rules (core/views.py ``SignedInAreaMixin``,
each app's rules.py and models' ``for_user``), not what the code happens to
return:

- a visitor who is not signed in goes to the sign-in page;
- a signed-in user without the role gets a 403 on a section's entry page
  (no parameter in the address) and a 404 on any page naming something;
- a partner sees its organisation's objects, a funder what its foundation
  funds, never the other side's (a 200 showing B's names to A fails);
- public pages answer anyone holding their link; a wrong token is a 404;
- nothing ever answers 500.

The roles: ``anonymous`` (not signed in; a secret token in the address is
replaced by a wrong one), ``public`` (not signed in, holding the right link),
partners and funders of sides A and B, the coordinator and a superuser. The
parameters are side A's objects: partner B and funder B must be refused
them. Partner A and funder A then ask for side B's objects too and must get
what B's members got on A's (``MIRRORED``). A page answered 200 to a member
of one side must not show the other side's names (``MARKERS``).

Each request runs in a savepoint rolled back afterwards, so a POST that
deletes or changes something leaves the world as it was for the next cell.
Mail goes to locmem and Celery runs eagerly (config/settings/test.py); the
outbox's tasks wait for a commit that never comes.
"""

import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.views import HealthView, check_database
from tests.permission_world import MARKERS, build_world

ROLES = (
    "anonymous",
    "public",
    "partner_a",
    "partner_b",
    "funder_a",
    "funder_b",
    "coordinator",
    "admin",
)
METHODS = ("GET", "POST")

# Patterns outside the matrix, each for a reason.
EXCLUDED_PREFIXES = (
    # Django's admin is for superusers only and tested by Django itself
    # (tests/core/test_admin.py checks ours).
    "admin/",
    # Static and media files are served by the web server, not Django.
    "static/",
    "media/",
)
EXCLUDED_NAMES = {
    # The sign-in, sign-out and password pages are for everyone by design and
    # change the session (tests/core/test_ratelimits.py, test_views_mail.py).
    "admin_login",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Django's language switch (i18n), open to all.
    "set_language",
}

# --- What a cell expects --------------------------------------------------
LOGIN = "login"  # a redirect to the sign-in page
REFUSE = "refuse"  # 403 on a section's entry page, 404 on a page naming something
NOT_FOUND = 404
# No such method on this page. On a read-only page naming an object, the
# method is checked before the object is looked up, so a POST by someone
# outside the object's scope gets a 405 too: it says nothing about the object.
NO_METHOD = 405
# A coordinator's empty POST: the form again with its errors (200), done and
# redirected (302) or refused as malformed (400): anything but a refusal or
# an error.
LET = frozenset({200, 204, 302, 400})

_SIGNED_IN = ("partner_a", "partner_b", "funder_a", "funder_b", "coordinator", "admin")


def cells(**roles):
    """A profile: role -> (GET, POST) expectations."""
    return roles


def _only(get, post, *, allowed, refused=(REFUSE, REFUSE)):
    """Signed-in roles in ``allowed`` get (get, post), the others ``refused``;
    visitors go to the sign-in page."""
    return cells(
        anonymous=(LOGIN, LOGIN),
        public=(LOGIN, LOGIN),
        **{role: (get, post) if role in allowed else refused for role in _SIGNED_IN},
    )


_COORDINATORS = ("coordinator", "admin")
# Coordinators' back office (``OrganiserAreaMixin``: the role is checked
# before anything else): a page with a form or a list, ...
ORGANISER_PAGE = _only(200, LET, allowed=_COORDINATORS)
# ... a read-only page (a list, a detail, a file to download), ...
ORGANISER_READ = _only(200, NO_METHOD, allowed=_COORDINATORS)
# ... an action taken by POST only.
ORGANISER_ACTION = _only(NO_METHOD, LET, allowed=_COORDINATORS)

# Public pages that anyone may open, no secret in the address.
PUBLIC_PAGE = {role: (200, LET) for role in ROLES}
PUBLIC_READ = {role: (200, NO_METHOD) for role in ROLES}
# Public pages opened by their secret link: a wrong token is a 404.
PUBLIC_LINK = {**PUBLIC_PAGE, "anonymous": (NOT_FOUND, NOT_FOUND)}
PUBLIC_LINK_READ = {**PUBLIC_READ, "anonymous": (NOT_FOUND, NO_METHOD)}

# Any signed-in user (the dashboard, the list of one's documents).
SIGNED_IN_PAGE = _only(200, LET, allowed=_SIGNED_IN)
SIGNED_IN_READ = _only(200, NO_METHOD, allowed=_SIGNED_IN)

# A side-A object seen by A's partner and funder and the coordinators,
# read-only (a report job and its file): B's members get a 404.
A_READ = _only(
    200,
    NO_METHOD,
    allowed=("partner_a", "funder_a", *_COORDINATORS),
    refused=(NOT_FOUND, NO_METHOD),
)
# ... or an action on it (POST only: the method is checked first).
A_ACTION = _only(
    NO_METHOD,
    LET,
    allowed=("partner_a", "funder_a", *_COORDINATORS),
    refused=(NO_METHOD, NOT_FOUND),
)
# Superusers hold every permission (Django's ``has_perm`` says yes to them
# before asking rules) and the coordinators' scope: the partners' and funders'
# spaces open to them too. They read there what the back office shows them
# anyway, but not act there in a funder's name.
#
# The funders' space (``evaluations.view_funder_space``: a funder with an
# organisation; the coordinator has none): its list, ...
FUNDER_SECTION = _only(200, NO_METHOD, allowed=("funder_a", "funder_b", "admin"))
# ... and side A's project, for funder A alone (funder B passes the role
# check, then finds no such project).
FUNDER_A_READ = {
    **_only(200, NO_METHOD, allowed=("funder_a", "admin")),
    "funder_b": (NOT_FOUND, NO_METHOD),
}
# The events a partner organises or a funder funds (``view_funded_events``).
PARTNER_SECTION = _only(
    200, NO_METHOD, allowed=("partner_a", "partner_b", "funder_a", "funder_b", "admin")
)
PARTNER_OR_FUNDER_A_READ = {
    **_only(200, NO_METHOD, allowed=("partner_a", "funder_a", "admin")),
    # (this view looks the event up before it checks the method)
    "partner_b": (NOT_FOUND, NOT_FOUND),
    "funder_b": (NOT_FOUND, NOT_FOUND),
}


@dataclass
class Row:
    kwargs: object  # world -> kwargs for reverse()
    profile: dict
    # (role, method) -> expected, where the page's rule is narrower than its
    # profile; each with a comment.
    overrides: dict = field(default_factory=dict)
    # Keyword arguments that are secret links (wrong ones for "anonymous").
    secret: tuple = ()
    # world -> the query string the page needs to show something.
    query: object = None


def row(profile, kwargs=lambda w: {}, secret=(), query=None, **overrides):
    """``overrides``: ``<role>_<get|post>=expected``."""
    parsed = {}
    for key, value in overrides.items():
        role, method = key.rsplit("_", 1)
        assert role in ROLES and method in ("get", "post"), key
        parsed[(role, method.upper())] = value
    return Row(kwargs, profile, parsed, secret, query)


def A(name):  # noqa: N802 (reads as "side A's <name>" in the table)
    return lambda w: {"pk": getattr(w.a, name).pk}


def _ev(**extra):
    return lambda w: {"pk": w.a.event.pk, **{k: v(w) for k, v in extra.items()}}


def _meeting(**extra):
    return lambda w: {"pk": w.a.meeting.pk, **{k: v(w) for k, v in extra.items()}}


def _questionnaire(**extra):
    return lambda w: {
        "pk": w.a.questionnaire.pk,
        **{k: v(w) if callable(v) else v for k, v in extra.items()},
    }


def _workshop(**extra):
    return lambda w: {
        "pk": w.a.event.pk,
        "workshop": w.a.workshop.pk,
        **{k: v(w) for k, v in extra.items()},
    }


def _vote(**extra):
    return lambda w: {"vote": w.a.vote.pk, **{k: v(w) for k, v in extra.items()}}


def _charter():
    return lambda w: {"pk": w.shared["charter_version"].charter.pk}


def _version(w):
    return {"pk": w.a.project.pk, "number": w.a.version.number}


def _job(w):
    return {"pk": w.a.job.pk}


TABLE = {
    # --- core ---------------------------------------------------------------
    "healthz": row(PUBLIC_READ),
    "core:dashboard": row(SIGNED_IN_READ),
    "core:orga_mail_list": row(ORGANISER_READ),
    "core:orga_mail_retry": row(ORGANISER_ACTION, A("mail")),
    "core:privacy_notice": row(PUBLIC_READ),
    "core:processing_register_csv": row(PUBLIC_READ),
    "core:orga_personal_data": row(ORGANISER_PAGE),
    "core:orga_personal_data_journal": row(ORGANISER_READ),
    "core:orga_consent_texts": row(ORGANISER_PAGE),
    # A coordinator's own second factor: without a device (the world's
    # coordinators have none), turning it off sends back to the page.
    "core:account_security": row(ORGANISER_PAGE),
    "core:account_security_remove": row(
        ORGANISER_PAGE, coordinator_get=302, admin_get=302
    ),
    "core:account_security_codes": row(
        ORGANISER_PAGE, coordinator_get=302, admin_get=302
    ),
    # The code of a session opened before its user's device: nobody in the
    # world has one, so every signed-in role is sent on to the dashboard.
    "core:verify_code": row(_only(302, 302, allowed=_SIGNED_IN)),
    # Partners' and funders' accounts (side A's partner's account as the
    # object): coordinators' screens.
    "core:orga_account_list": row(ORGANISER_READ),
    "core:orga_account_create": row(ORGANISER_PAGE),
    "core:orga_account_update": row(ORGANISER_PAGE, lambda w: {"pk": w.a.partner.pk}),
    "core:orga_account_deactivate": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.partner.pk}
    ),
    "core:orga_account_reactivate": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.partner.pk}
    ),
    "core:orga_account_send_link": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.partner.pk}
    ),
    # The sign-in's second step: without a password step just passed, every
    # one (signed in or not) is sent to the sign-in page.
    "login_code": row({role: (LOGIN, LOGIN) for role in ROLES}),
    # --- events: public -----------------------------------------------------
    "events:public_event_detail": row(PUBLIC_READ, lambda w: {"slug": w.a.event.slug}),
    "events:public_programme_ics": row(PUBLIC_READ, lambda w: {"slug": w.a.event.slug}),
    "events:public_registration": row(
        # An empty POST lacks the form's one-time key: 409, for everyone.
        {role: (200, 409) for role in ROLES},
        lambda w: {"slug": w.a.event.slug},
    ),
    "events:public_organisation_search": row(
        PUBLIC_READ, lambda w: {"slug": w.a.event.slug}
    ),
    "events:public_registration_done": row(
        PUBLIC_LINK_READ,
        lambda w: {"slug": w.a.event.slug, "token": w.a.registration.token},
        secret=("token",),
    ),
    "events:public_registration_cancel": row(
        PUBLIC_LINK, lambda w: {"token": w.a.registration.token}, secret=("token",)
    ),
    # --- events: coordinators -----------------------------------------------
    "events:orga_event_list": row(ORGANISER_READ),
    "events:orga_event_create": row(ORGANISER_PAGE),
    "events:orga_event_detail": row(ORGANISER_READ, _ev()),
    "events:orga_event_update": row(ORGANISER_PAGE, _ev()),
    "events:orga_event_duplicate": row(ORGANISER_PAGE, _ev()),
    "events:orga_event_delete": row(ORGANISER_PAGE, _ev()),
    "events:orga_event_setup": row(ORGANISER_READ, _ev()),
    "events:orga_event_setup_add": row(ORGANISER_PAGE, _ev(what=lambda w: "salles")),
    "events:orga_event_setup_delete": row(
        ORGANISER_PAGE, _ev(what=lambda w: "salles", obj=lambda w: w.a.room.pk)
    ),
    "events:orga_part_update": row(ORGANISER_PAGE, _ev(part=lambda w: w.a.part.pk)),
    "events:orga_part_delete": row(ORGANISER_PAGE, _ev(part=lambda w: w.a.part.pk)),
    "events:orga_event_status": row(ORGANISER_ACTION, _ev()),
    "events:orga_programme": row(ORGANISER_READ, _ev()),
    "events:orga_agenda_item_create": row(ORGANISER_ACTION, _ev()),
    "events:orga_programme_reorder": row(ORGANISER_ACTION, _ev()),
    "events:orga_agenda_item_update": row(
        ORGANISER_PAGE, _ev(item=lambda w: w.a.agenda_item.pk)
    ),
    "events:orga_agenda_item_delete": row(
        ORGANISER_PAGE, _ev(item=lambda w: w.a.agenda_item.pk)
    ),
    "events:orga_agenda_item_duration": row(
        ORGANISER_ACTION, _ev(item=lambda w: w.a.agenda_item.pk)
    ),
    "events:orga_speaker_add": row(
        ORGANISER_PAGE, _ev(item=lambda w: w.a.agenda_item.pk)
    ),
    "events:orga_speaker_delete": row(
        ORGANISER_PAGE,
        _ev(item=lambda w: w.a.agenda_item.pk, speaker=lambda w: w.a.speaker.pk),
    ),
    "events:orga_agenda_item_move": row(
        ORGANISER_ACTION,
        _ev(item=lambda w: w.a.agenda_item.pk, direction=lambda w: "monter"),
    ),
    "events:orga_attendee_list": row(ORGANISER_READ, _ev()),
    "events:orga_attendee_export": row(ORGANISER_READ, _ev(format=lambda w: "csv")),
    "events:orga_checkin": row(ORGANISER_READ, _ev()),
    "events:orga_checkin_toggle": row(
        ORGANISER_ACTION, _ev(registration=lambda w: w.a.registration.pk)
    ),
    "events:orga_session_attendance": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.activity.pk}
    ),
    "events:orga_series_list": row(ORGANISER_READ),
    "events:orga_series_create": row(ORGANISER_PAGE),
    "events:orga_series_update": row(ORGANISER_PAGE, A("series")),
    "events:orga_series_delete": row(ORGANISER_PAGE, A("series")),
    "events:orga_series_detail": row(ORGANISER_READ, A("series")),
    "events:orga_meeting_list": row(ORGANISER_READ),
    "events:orga_meeting_detail": row(ORGANISER_READ, _meeting()),
    "events:orga_meeting_add": row(ORGANISER_ACTION, _meeting(what=lambda w: "points")),
    "events:orga_meeting_delete": row(
        ORGANISER_PAGE,
        _meeting(what=lambda w: "decisions", obj=lambda w: w.a.decision.pk),
    ),
    "events:orga_agenda_point_update": row(
        ORGANISER_PAGE, _meeting(point=lambda w: w.a.agenda_point.pk)
    ),
    "events:orga_minutes_row_update": row(
        ORGANISER_PAGE,
        _meeting(what=lambda w: "actions", obj=lambda w: w.a.action.pk),
    ),
    "events:orga_attendee_candidates": row(
        ORGANISER_PAGE, _meeting(), query=lambda w: "source=comite"
    ),
    # POST only, and a GET is a 404 rather than a 405 (the page does not exist).
    "events:orga_attendees_add": row(
        _only(NOT_FOUND, LET, allowed=_COORDINATORS), _meeting()
    ),
    "events:orga_action_status": row(
        ORGANISER_ACTION, _meeting(action=lambda w: w.a.action.pk)
    ),
    "events:orga_next_meeting": row(ORGANISER_ACTION, _meeting()),
    "events:orga_charter_list": row(ORGANISER_READ),
    "events:orga_charter_create": row(ORGANISER_PAGE),
    "events:orga_charter_detail": row(ORGANISER_READ, _charter()),
    "events:orga_charter_update": row(ORGANISER_PAGE, _charter()),
    "events:orga_charter_delete": row(ORGANISER_PAGE, _charter()),
    "events:orga_charter_version_add": row(ORGANISER_ACTION, _charter()),
    "events:orga_charter_version_update": row(
        ORGANISER_PAGE,
        lambda w: {**_charter()(w), "version": w.shared["charter_version"].pk},
    ),
    "events:orga_committee_list": row(ORGANISER_READ),
    "events:orga_committee_create": row(ORGANISER_PAGE),
    "events:orga_committee_update": row(ORGANISER_PAGE, A("committee")),
    "events:orga_committee_delete": row(ORGANISER_PAGE, A("committee")),
    "events:orga_committee_member_add": row(ORGANISER_ACTION, A("committee")),
    "events:orga_committee_member_remove": row(
        ORGANISER_PAGE,
        lambda w: {"pk": w.a.committee.pk, "member_pk": w.a.committee_member.pk},
    ),
    "events:orga_programme_undo": row(ORGANISER_ACTION, _ev()),
    "events:orga_speaker_suggest": row(ORGANISER_READ, _ev()),
    # POST only; an empty one names no programme item: 404.
    "events:orga_speaker_quick_add": row(
        _only(NO_METHOD, NOT_FOUND, allowed=_COORDINATORS), _ev()
    ),
    "events:orga_registration_by_hand": row(ORGANISER_ACTION, _ev()),
    "events:orga_event_setup_update": row(
        ORGANISER_PAGE, _ev(what=lambda w: "salles", obj=lambda w: w.a.room.pk)
    ),
    "events:orga_committee_detail": row(ORGANISER_READ, A("committee")),
    # --- events: partners' and funders' space -------------------------------
    "events:partner_event_list": row(PARTNER_SECTION),
    "events:partner_event_detail": row(PARTNER_OR_FUNDER_A_READ, A("event")),
    # --- evaluations: public ------------------------------------------------
    "evaluations:public_questionnaire_thanks": row(
        PUBLIC_LINK_READ,
        lambda w: {"token": w.a.questionnaire.token},
        secret=("token",),
    ),
    "evaluations:public_invitation_answer": row(
        PUBLIC_LINK,
        lambda w: {
            "token": w.a.questionnaire.token,
            "invitation_token": w.a.invitation.token,
        },
        secret=("token", "invitation_token"),
    ),
    "evaluations:public_questionnaire_answer": row(
        PUBLIC_LINK, lambda w: {"token": w.a.questionnaire.token}, secret=("token",)
    ),
    # --- evaluations: coordinators ------------------------------------------
    "evaluations:orga_questionnaire_list": row(ORGANISER_READ),
    "evaluations:orga_questionnaire_create": row(ORGANISER_PAGE),
    "evaluations:orga_questionnaire_detail": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_update": row(ORGANISER_PAGE, _questionnaire()),
    "evaluations:orga_questionnaire_copy": row(ORGANISER_ACTION, _questionnaire()),
    "evaluations:orga_section_create": row(ORGANISER_ACTION, _questionnaire()),
    "evaluations:orga_section_update": row(ORGANISER_PAGE, A("section")),
    "evaluations:orga_section_action": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.section.pk, "action": "delete"}
    ),
    "evaluations:orga_question_create": row(
        ORGANISER_PAGE, lambda w: {"section_pk": w.a.section.pk}
    ),
    "evaluations:orga_question_update": row(ORGANISER_PAGE, A("question")),
    "evaluations:orga_question_action": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.question.pk, "action": "delete"}
    ),
    "evaluations:orga_questionnaire_share": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_qr": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_qr_png": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_poster": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_invite": row(ORGANISER_ACTION, _questionnaire()),
    "evaluations:orga_questionnaire_results": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_answer_list": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_questionnaire_export": row(
        ORGANISER_READ, _questionnaire(what="reponses", fmt="csv")
    ),
    # The address names an answer (``/reponses/<answer>/temoignage/``).
    "evaluations:orga_testimonial_create": row(ORGANISER_ACTION, A("answer")),
    "evaluations:orga_questionnaire_close": row(ORGANISER_ACTION, _questionnaire()),
    "evaluations:orga_questionnaire_remind": row(ORGANISER_ACTION, _questionnaire()),
    "evaluations:orga_questionnaire_duplicate": row(ORGANISER_PAGE, _questionnaire()),
    "evaluations:orga_questionnaire_profiles": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_testimonial_list": row(ORGANISER_READ, _questionnaire()),
    "evaluations:orga_testimonial_export": row(
        ORGANISER_READ, _questionnaire(fmt="csv")
    ),
    "evaluations:orga_testimonial_update": row(ORGANISER_PAGE, A("testimonial")),
    "evaluations:orga_testimonial_delete": row(ORGANISER_PAGE, A("testimonial")),
    # --- evaluations: the funders' space ------------------------------------
    "evaluations:funder_project_list": row(FUNDER_SECTION),
    "evaluations:funder_project_detail": row(FUNDER_A_READ, A("project")),
    "evaluations:funder_version_detail": row(FUNDER_A_READ, _version),
    # POST only; funder B passes the role check, then finds no such version.
    "evaluations:funder_version_acknowledge": row(
        {
            **_only(NO_METHOD, 302, allowed=("funder_a",)),
            "funder_b": (NO_METHOD, NOT_FOUND),
        },
        _version,
        # A superuser reads the funders' space but does not act in a
        # funder's name (evaluations.views.funder.ActingFunderMixin).
        admin_get=NOT_FOUND,
        admin_post=NOT_FOUND,
    ),
    "evaluations:funder_version_comment": row(
        {
            # An empty comment: the version page again, the error beside it.
            **_only(NO_METHOD, 200, allowed=("funder_a",)),
            "funder_b": (NO_METHOD, NOT_FOUND),
        },
        _version,
        # Nor comment as if the funder did.
        admin_get=NOT_FOUND,
        admin_post=NOT_FOUND,
    ),
    # --- evaluations: funded projects (coordinators) ------------------------
    "evaluations:funding_list": row(ORGANISER_READ),
    "evaluations:funding_create": row(ORGANISER_PAGE),
    "evaluations:funding_detail": row(ORGANISER_READ, A("project")),
    "evaluations:funding_update": row(ORGANISER_PAGE, A("project")),
    "evaluations:funding_delete": row(ORGANISER_PAGE, A("project")),
    "evaluations:funding_submit": row(ORGANISER_ACTION, A("project")),
    "evaluations:funding_subobjective_create": row(ORGANISER_PAGE, A("project")),
    "evaluations:funding_subobjective_update": row(ORGANISER_PAGE, A("subobjective")),
    "evaluations:funding_subobjective_delete": row(ORGANISER_PAGE, A("subobjective")),
    "evaluations:funding_result_create": row(ORGANISER_PAGE, A("subobjective")),
    "evaluations:funding_result_update": row(ORGANISER_PAGE, A("result")),
    "evaluations:funding_result_delete": row(ORGANISER_PAGE, A("result")),
    "evaluations:funding_indicator_create": row(ORGANISER_PAGE, A("result")),
    "evaluations:funding_indicator_update": row(ORGANISER_PAGE, A("indicator")),
    "evaluations:funding_indicator_delete": row(ORGANISER_PAGE, A("indicator")),
    "evaluations:funding_period_create": row(ORGANISER_PAGE, A("indicator")),
    "evaluations:funding_period_update": row(ORGANISER_PAGE, A("period")),
    "evaluations:funding_period_delete": row(ORGANISER_PAGE, A("period")),
    "evaluations:funding_unexpected_create": row(ORGANISER_PAGE, A("project")),
    "evaluations:funding_unexpected_update": row(ORGANISER_PAGE, A("unexpected")),
    "evaluations:funding_unexpected_delete": row(ORGANISER_PAGE, A("unexpected")),
    "evaluations:funding_improvement_create": row(ORGANISER_PAGE, A("project")),
    "evaluations:funding_improvement_update": row(ORGANISER_PAGE, A("improvement")),
    "evaluations:funding_improvement_delete": row(ORGANISER_PAGE, A("improvement")),
    "evaluations:funding_refresh_indicators": row(ORGANISER_ACTION, A("project")),
    "evaluations:funding_compare": row(ORGANISER_READ, A("project")),
    "evaluations:funding_budget": row(ORGANISER_READ, A("project")),
    # The form lives on the budget page: a GET goes there, to its anchor.
    "evaluations:funding_budget_line_create": row(
        _only(302, LET, allowed=_COORDINATORS), A("project")
    ),
    "evaluations:funding_budget_line_update": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.project.pk, "line": w.a.budget_line.pk}
    ),
    "evaluations:funding_budget_line_delete": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.project.pk, "line": w.a.budget_line.pk}
    ),
    "evaluations:funding_budget_settings": row(
        _only(302, LET, allowed=_COORDINATORS), A("project")
    ),
    # --- partners: coordinators' directory ----------------------------------
    "partners:orga_organisation_list": row(ORGANISER_READ),
    "partners:orga_organisation_create": row(ORGANISER_PAGE),
    "partners:orga_organisation_detail": row(
        ORGANISER_READ, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_organisation_update": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_organisation_merge": row(
        ORGANISER_PAGE,
        lambda w: {"pk": w.a.organisation.pk},
        query=lambda w: f"duplicate={w.b.organisation.pk}",
    ),
    "partners:orga_member_create": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_partnership_create": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_update_link_send": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_changerequest_list": row(ORGANISER_READ),
    "partners:orga_changerequest_review": row(ORGANISER_PAGE, A("change_request")),
    "partners:orga_stale_list": row(ORGANISER_READ),
    "partners:orga_stale_send_links": row(ORGANISER_ACTION),
    "partners:orga_organisation_verify": row(
        ORGANISER_ACTION, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_update_link_revoke": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:organisation_picker": row(
        ORGANISER_READ, query=lambda w: f"q={w.a.organisation.name}"
    ),
    "partners:orga_person_list": row(ORGANISER_READ),
    "partners:person_picker": row(
        ORGANISER_READ, query=lambda w: f"q={w.a.person.last_name}"
    ),
    "partners:orga_person_create": row(ORGANISER_PAGE),
    "partners:orga_person_detail": row(ORGANISER_READ, A("person")),
    "partners:orga_person_update": row(ORGANISER_PAGE, A("person")),
    "partners:orga_person_delete": row(ORGANISER_PAGE, A("person")),
    "partners:orga_membership_create": row(ORGANISER_ACTION, A("person")),
    "partners:orga_membership_update": row(ORGANISER_PAGE, A("membership")),
    "partners:orga_membership_end": row(ORGANISER_PAGE, A("membership")),
    "partners:orga_membership_delete": row(ORGANISER_PAGE, A("membership")),
    "partners:orga_partnership_update": row(ORGANISER_PAGE, A("partnership")),
    "partners:orga_partnership_delete": row(ORGANISER_PAGE, A("partnership")),
    "partners:orga_organisation_delete": row(
        ORGANISER_PAGE, lambda w: {"pk": w.a.organisation.pk}
    ),
    "partners:orga_vocabulary_list": row(ORGANISER_PAGE),
    "partners:orga_vocabulary_update": row(
        ORGANISER_ACTION, lambda w: {"kind": "audience", "pk": w.shared["audience"].pk}
    ),
    "partners:orga_vocabulary_delete": row(
        ORGANISER_PAGE, lambda w: {"kind": "theme", "pk": w.shared["theme"].pk}
    ),
    "partners:orga_import": row(ORGANISER_PAGE),
    "partners:orga_import_preview": row(
        ORGANISER_PAGE,
        lambda w: {"token": w.shared["import_preview"].token},
        # An upload is its uploader's (the coordinator) alone.
        admin_get=NOT_FOUND,
        admin_post=NOT_FOUND,
    ),
    "partners:orga_import_rejected": row(
        ORGANISER_READ,
        lambda w: {"token": w.shared["import_preview"].token},
        # The coordinator's upload, as above (the method is checked first).
        admin_get=NOT_FOUND,
        admin_post=NO_METHOD,
    ),
    "partners:orga_export": row(ORGANISER_READ, lambda w: {"file_format": "csv"}),
    # --- partners: the partners' space and public link ----------------------
    # The convention of A's partnership: A's partners and the coordinators.
    "partners:partnership_convention": row(
        _only(
            200,
            NO_METHOD,
            allowed=("partner_a", *_COORDINATORS),
            refused=(NOT_FOUND, NO_METHOD),
        ),
        A("partnership"),
    ),
    # The partner's own organisations (``partners.view_own_organisation``:
    # partners only).
    "partners:partner_organisation_list": row(
        _only(200, NO_METHOD, allowed=("partner_a", "partner_b")),
        # The superuser holds every permission: an empty list (no
        # organisation of theirs).
        admin_get=200,
        admin_post=NO_METHOD,
    ),
    "partners:partner_organisation_update": row(
        _only(200, LET, allowed=("partner_a",)),
        lambda w: {"pk": w.a.organisation.pk},
    ),
    "partners:public_organisation_update": row(
        PUBLIC_LINK,
        lambda w: {"token": w.a.update_token},
        secret=("token",),
        # A tampered link gets a page saying so, with a 400.
        anonymous_get=400,
        anonymous_post=400,
    ),
    # --- workshops: coordinators --------------------------------------------
    "workshops:orga_workshop_list": row(ORGANISER_READ),
    "workshops:orga_event_workshops": row(ORGANISER_READ, _ev()),
    "workshops:orga_workshop_create": row(ORGANISER_PAGE, _ev()),
    "workshops:orga_workshop_update": row(ORGANISER_PAGE, _workshop()),
    "workshops:orga_workshop_delete": row(ORGANISER_PAGE, _workshop()),
    "workshops:orga_choice_list": row(ORGANISER_READ, _ev()),
    "workshops:orga_choice_update": row(
        ORGANISER_PAGE, _ev(registration=lambda w: w.a.registration.pk)
    ),
    "workshops:orga_assign": row(ORGANISER_ACTION, _ev()),
    "workshops:orga_synthesis_update": row(ORGANISER_PAGE, _workshop()),
    "workshops:orga_synthesis_send": row(ORGANISER_ACTION, _workshop()),
    "workshops:orga_synthesis_qr": row(ORGANISER_READ, _workshop()),
    "workshops:orga_restitution": row(ORGANISER_READ, _ev()),
    "workshops:orga_board": row(ORGANISER_READ, _ev()),
    "workshops:orga_place_move": row(ORGANISER_ACTION, _ev()),
    "workshops:orga_place_lock": row(
        ORGANISER_ACTION, _ev(place=lambda w: w.a.place.pk)
    ),
    "workshops:orga_choice_links_send": row(ORGANISER_PAGE, _ev()),
    "workshops:orga_assign_job": row(
        ORGANISER_READ, _ev(job=lambda w: w.a.assignment_job.pk)
    ),
    "workshops:orga_table_locks": row(ORGANISER_PAGE, _ev()),
    "workshops:orga_table_lock_registrants": row(
        ORGANISER_READ, _ev(), query=lambda w: f"q={w.a.registration.last_name}"
    ),
    "workshops:orga_table_lock_delete": row(
        ORGANISER_PAGE, _ev(lock=lambda w: w.a.table_lock.pk)
    ),
    "workshops:orga_vote_list": row(ORGANISER_READ),
    "workshops:orga_vote_create": row(ORGANISER_PAGE),
    "workshops:orga_vote_detail": row(ORGANISER_READ, _vote()),
    "workshops:orga_vote_update": row(ORGANISER_PAGE, _vote()),
    "workshops:orga_vote_delete": row(ORGANISER_PAGE, _vote()),
    "workshops:orga_vote_results": row(ORGANISER_READ, _vote()),
    "workshops:orga_vote_qr": row(ORGANISER_READ, _vote()),
    "workshops:orga_vote_close": row(ORGANISER_ACTION, _vote()),
    "workshops:orga_proposal_create": row(ORGANISER_PAGE, _vote()),
    "workshops:orga_proposal_update": row(
        ORGANISER_PAGE, _vote(proposal=lambda w: w.a.proposal.pk)
    ),
    "workshops:orga_proposal_delete": row(
        ORGANISER_PAGE, _vote(proposal=lambda w: w.a.proposal.pk)
    ),
    # --- workshops: public links --------------------------------------------
    "workshops:synthesis_public": row(
        PUBLIC_LINK, lambda w: {"token": w.a.synthesis.token}, secret=("token",)
    ),
    "workshops:public_choice": row(
        PUBLIC_LINK, lambda w: {"token": w.a.registration.token}, secret=("token",)
    ),
    "workshops:public_vote": row(
        PUBLIC_LINK, lambda w: {"token": w.a.vote.token}, secret=("token",)
    ),
    "workshops:public_vote_results": row(
        PUBLIC_LINK, lambda w: {"token": w.a.vote.token}, secret=("token",)
    ),
    # --- reports: documents, seen by whoever sees their object --------------
    "reports:job_list": row(SIGNED_IN_READ),
    # POST only; an empty one names no document kind: 404.
    "reports:job_request": row(_only(NO_METHOD, NOT_FOUND, allowed=_SIGNED_IN)),
    "reports:job_detail": row(A_READ, _job),
    "reports:job_status": row(A_READ, _job),
    "reports:job_download": row(A_READ, _job),
    "reports:job_retry": row(A_ACTION, _job),
    "reports:job_send": row(A_ACTION, _job),
}

# The matrix runs in this many tests, of about the same size, so that test
# processes share it (each builds the world once).
PARTS = 4


# --- The resolver's patterns ----------------------------------------------
def url_patterns():
    """(name, route) of every pattern, through every include."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                name = namespace + pattern.name if pattern.name else None
                yield name, route

    return list(walk(get_resolver().url_patterns, "", ""))


def _excluded(name, route):
    return route.startswith(EXCLUDED_PREFIXES) or name in EXCLUDED_NAMES


def test_every_url_pattern_has_a_row():
    missing, unnamed = [], []
    for name, route in url_patterns():
        if _excluded(name, route):
            continue
        if name is None:
            unnamed.append(route)
        elif name not in TABLE:
            missing.append(f"{name} ({route})")
    stale = sorted(
        set(TABLE) - {name for name, route in url_patterns() if name is not None}
    )
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    assert not missing, (
        "URL patterns missing from the permission matrix (add a row to TABLE in "
        "tests/test_permission_matrix.py): " + ", ".join(missing)
    )
    assert not stale, f"Rows for URL names the resolver no longer knows: {stale}"


# --- The world and its visitors ---------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module (and per test process), rolled back at the end."""
    with django_db_blocker.unblock(), _atomic(), pytest.MonkeyPatch.context() as mp:
        # The health check asks the database only: the broker and the workers
        # are absent from unit tests (tests/core/test_health.py starts them).
        mp.setattr(HealthView, "checks", {"database": check_database})
        world = build_world()
        clients = {}
        for role in ROLES:
            client = Client(raise_request_exception=False)
            user = _user(world, role)
            if user is not None:
                client.force_login(user)
            clients[role] = client
        yield world, clients
        transaction.set_rollback(True)


def _atomic():
    """A block rolled back by its caller, under which a view's durable
    ``atomic`` still runs (as under a test case's)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    return atomic


def _user(world, role):
    return {
        "partner_a": world.a.partner,
        "partner_b": world.b.partner,
        "funder_a": world.a.funder,
        "funder_b": world.b.funder,
        "coordinator": world.coordinator,
        "admin": world.admin,
    }.get(role)


def _other_marker(role):
    if role.endswith("_a"):
        return MARKERS["B"]
    if role.endswith("_b"):
        return MARKERS["A"]
    return None


def _wrong(value):
    """A well-formed but wrong secret of the same shape."""
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=value.int ^ 1)
    return re.sub(r"[0-9A-Za-z]", "0", str(value))


def _expected(row, role, method, has_kwargs):
    get, post = row.profile[role]
    expected = row.overrides.get((role, method), get if method == "GET" else post)
    if expected == REFUSE:
        return 404 if has_kwargs else 403
    return expected


def _describe(expected):
    if isinstance(expected, frozenset):
        return "/".join(str(code) for code in sorted(expected))
    return str(expected)


LOGIN_URL = "/accounts/login/"


def check_cell(client, url, method, expected, role, *, signed_in_page):
    """The problem with one cell, or None."""
    cache.clear()  # no rate limit carried from one cell to the next
    with _atomic():
        response = (client.get if method == "GET" else client.post)(url)
        transaction.set_rollback(True)
    status = response.status_code
    location = response.get("Location", "")
    if status >= 500:
        return f"{status} (server error)"
    if expected == LOGIN:
        if status == 302 and location.startswith(LOGIN_URL):
            return None
        return f"{status} {location} (expected a redirect to the sign-in page)"
    if expected == 302 and status == 302 and location.startswith(LOGIN_URL):
        return f"302 to the sign-in page (expected {_describe(expected)})"
    ok = status in expected if isinstance(expected, frozenset) else status == expected
    if not ok:
        return f"{status} {location}".strip() + f" (expected {_describe(expected)})"
    # A public link shows its object to whoever holds it; a signed-in page
    # shows nothing of the other side.
    other = _other_marker(role) if signed_in_page else None
    if status == 200 and other and not response.streaming:
        if other in response.content.decode(errors="replace"):
            return f"200 showing the other side's data ({other})"
    return None


def _url(name, row, world, kwargs):
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{row.query(world)}" if row.query else url


# A's members also request B's objects: each must get what B's member gets
# on A's (the sides are alike), which proves A never reads B's objects.
MIRRORED = {"partner_a": "partner_b", "funder_a": "funder_b"}


def cells_of(name, row, world):
    """(label, role whose client asks, role whose expectation holds, url)."""
    kwargs = row.kwargs(world)
    for role in ROLES:
        role_kwargs = kwargs
        if role == "anonymous" and row.secret:
            role_kwargs = {
                k: _wrong(v) if k in row.secret else v for k, v in kwargs.items()
            }
        yield role, role, role, _url(name, row, world, role_kwargs)
    mirror = world.mirrored()
    url_of_a = _url(name, row, world, kwargs)
    url_of_b = _url(name, row, mirror, row.kwargs(mirror))
    if url_of_b != url_of_a:  # the page names an object
        for role, as_role in MIRRORED.items():
            yield f"{role} (B's object)", role, as_role, url_of_b


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(1, PARTS + 1))
def test_permission_matrix(part, world, record_property):
    world, clients = world
    mail.outbox = []
    mismatches, count = [], 0
    names = sorted(
        name
        for name, route in url_patterns()
        if not _excluded(name, route) and name in TABLE
    )[part - 1 :: PARTS]
    for name in names:
        row = TABLE[name]
        has_kwargs = bool(row.kwargs(world))
        signed_in_page = row.profile["public"][0] == LOGIN
        for label, role, as_role, url in cells_of(name, row, world):
            for method in METHODS:
                count += 1
                expected = _expected(row, as_role, method, has_kwargs)
                problem = check_cell(
                    clients[role],
                    url,
                    method,
                    expected,
                    role,
                    signed_in_page=signed_in_page,
                )
                if problem:
                    mismatches.append(f"{name} {label} {method} {url}: {problem}")
    # Nothing left for real: the outbox's sending waits for a commit that
    # never comes, and nothing sends around it.
    assert mail.outbox == [], [message.subject for message in mail.outbox]
    record_property("matrix_urls", len(names))
    record_property("matrix_cells", count)
    record_property("matrix_unexpected", len(mismatches))
    print(
        f"\npermission matrix, part {part}/{PARTS}: {len(names)} URLs, "
        f"{count} cells, {len(mismatches)} unexpected"
    )
    assert count, f"no page in part {part}"
    assert not mismatches, (
        f"{len(mismatches)} unexpected cells of {count}:\n" + "\n".join(mismatches)
    )
