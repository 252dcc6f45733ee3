"""Junk into every form of every page: zero 5xx (issue 12 §4, STYLE §12).

Every URL pattern of the resolver is a test. A world of real objects (one of
everything, tests/factories/) is built once per module and test process; each
role (anonymous, partner, funder, coordinator) crawls the site from its home
and the public addresses, following links and htmx attributes, and keeps each
form it finds (``<form>`` fields parsed from the HTML: inputs, selects,
checkboxes, hidden fields, the CSRF token). A pattern's test then sends junk
to it — 40-digit numbers, years 1 and 9999, NUL bytes, control characters,
100,000 characters — as each role that reached it: each field of each form in
turn, the other fields kept valid so that what the form accepts is really
stored, then the pages that show it are read: the page the post led to, the
form's page and the role's home. No answer may be 5xx, no exception may
escape. A pattern that no role reaches and that is not in ``SKIP`` (with its
reason) fails: a new page cannot escape.

Each test runs in its own transaction (rolled back), inside the module's
(the world): what one test stores, the next does not see.
"""

import json
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "partner", "funder", "coordinator")

# Patterns left out, each with its reason. A prefix ends with "*".
SKIP = {
    # ~170 pages: each registered model's changelist, add and change forms
    # get junk as a superuser in test_admin_refuses_junk (bounded in time).
    "admin/*": "the admin: test_admin_refuses_junk, one test per registered model",
    "accounts/logout/": "signs the crawling user out",
    "accounts/login/code/": (
        "the sign-in's second step, reached only by a password step of a user "
        "with a device; junk and wrong codes: tests/core/test_second_factor.py"
    ),
    "compte/securite/codes/": (
        "new recovery codes, shown only to a session signed in with a code (the "
        "crawlers have no device): tests/core/test_recovery_codes.py"
    ),
    "compte/verifier/": (
        "asks the code of a session opened before its user's device (the "
        "crawlers have none, it sends them on): tests/core/test_verify_code.py"
    ),
    "compte/securite/desactiver/": (
        "shown only to a session signed in with a code (the crawlers have no "
        "device): tests/core/test_second_factor.py"
    ),
    "healthz": "no input: probes the database, broker and workers",
    "evenements/<int:pk>/programme/annuler/": (
        "shown only after a move; forged, expired and other events' undo "
        "tokens: tests/events/views/test_day_of_event.py"
    ),
    "reunions/<int:pk>/points/<int:point>/": (
        "the notes' old address, kept for bookmarks: the same view as "
        "reunions/<int:pk>/<str:what>/<int:obj>/modifier/, which the crawl reaches"
    ),
}

HUGE_NUMBER = "1" + "0" * 39  # 40 digits
NUL = "essai\x00nul"
CONTROL = "essai\x01\x02\x08\x0b\x1b\x7f\u200b fin"
LONG = "x" * 100_000
YEAR_1 = {"date": "0001-01-01", "datetime-local": "0001-01-01T00:00"}
YEAR_9999 = {"date": "9999-12-31", "datetime-local": "9999-12-31T23:59"}
TEXT_TYPES = {"text", "textarea", "search", "email", "url", "tel", "password"}
CHOICE_TYPES = {"select", "checkbox", "radio", "hidden", "number"}
# A valid value for an empty field of each type.
FILLERS = {
    "email": "essai@example.org",
    "url": "https://example.org/",
    "number": "1",
    "date": "2030-06-01",
    "datetime-local": "2030-06-01T10:00",
    "time": "10:00",
    "tel": "01 02 03 04 05",
    "password": "motdepasse-de-test",
}
SAMPLE_CSV = (
    b"nom;type;adresse;code_postal;commune;email\n"
    b"Association Essai;association;1 rue de la Paix;77100;Meaux;contact@essai.org\n"
    b"Junk\x01;association;\x1b;99999999999999999999999999999999;;pas-un-mail\n"
)
# What the junk posts upload: a cell of 100,000 characters (a file with a NUL
# byte is refused whole: "neither a CSV nor an XLSX").
JUNK_CSV = SAMPLE_CSV + b"Longue;association;" + b"x" * 100_000 + b";77100;Meaux;\n"
PAGES_PER_PATTERN = 3  # a pattern is read at most this many times per role
# Where a signed-in person starts besides the home page.
SIGNED_IN = ["/accounts/password_change/", "/accounts/password_change/done/"]


# --- the patterns ---------------------------------------------------------


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _skip_reason(route):
    for key, reason in SKIP.items():
        if route == key or (key.endswith("*") and route.startswith(key[:-1])):
            return reason
    return None


ALL_PATTERNS = sorted(set(_patterns()))
PATTERNS = [route for route in ALL_PATTERNS if not _skip_reason(route)]


def _route(path):
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


# --- reading pages ---------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "select", "textarea"
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list = field(default_factory=list)
    selected: list = field(default_factory=list)
    multiple: bool = False
    css: str = ""  # the class attribute (the admin's dates: "vDateField")

    @property
    def is_date(self):
        return self.kind in YEAR_1 or "vDateField" in self.css


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list = field(default_factory=list)

    def baseline(self) -> dict:
        """The values a person would send without changing anything."""
        data = {}
        submitted = False
        for f in self.fields:
            if f.kind in ("submit", "button", "image", "reset"):
                if f.kind == "submit" and f.name and not submitted:
                    data[f.name] = [f.value]
                    submitted = True
                continue
            if f.kind == "file":
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
                elif f.kind == "radio" and f.name not in data:
                    data[f.name] = [f.value]
                continue
            if f.kind == "select":
                values = f.selected or [o for o in f.options if o][:1]
                data[f.name] = values
                continue
            filler = FILLERS.get(f.kind, "Essai") if f.required else ""
            data[f.name] = [f.value or filler]
        return data

    def files(self, content=SAMPLE_CSV) -> dict:
        return {
            f.name: SimpleUploadedFile("essai.csv", content, "text/csv")
            for f in self.fields
            if f.kind == "file"
        }


class PageParser(HTMLParser):
    """Links, htmx addresses and forms of one HTML page."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links, self.forms = [], []
        self._form = None
        self._select = None
        self._textarea = None

    def _url(self, value):
        return urljoin(self.page, value or self.page)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        for attr in ("href", "hx-get", "src", "action"):
            if a.get(attr) and attr != "action":
                self.links.append(self._url(a[attr]))
        for attr in ("hx-post", "hx-put", "hx-delete", "hx-patch"):
            if attr in a:
                self._htmx(a, attr)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = Form(self.page, method, self._url(a.get("action")))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value", ""),
                    checked="checked" in a,
                    required="required" in a,
                    css=a.get("class", ""),
                )
            )
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.selected.append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", required="required" in a)
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _htmx(self, a, attr):
        form = Form(self.page, "post", self._url(a[attr]))
        try:
            values = json.loads(a.get("hx-vals") or "{}")
        except ValueError:
            values = {}
        for name, value in values.items():
            form.fields.append(Field(name, "hidden", str(value)))
        if a.get("name"):
            form.fields.append(Field(a["name"], "hidden", a.get("value", "")))
        if self._form is not None:  # an htmx button posts its form's fields
            form.fields = [*self._form.fields, *form.fields]
        self.forms.append(form)


def _internal(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(("/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


# --- the world ---------------------------------------------------------------


def build_world():
    """One of everything, linked as in life; returns the users and seeds."""
    import datetime as dt

    from django.utils import timezone

    from events.models import Event
    from partners.services import make_update_token
    from tests import factories as f

    audience, theme = f.AudienceFactory(), f.ThemeFactory()
    organiser = f.OrganisationFactory(name="Relais de Meaux")
    funder_org = f.OrganisationFactory(name="Fondation Essai")
    partner_org = f.OrganisationFactory(name="Association partenaire")
    partner_org.audiences.add(audience)
    partner_org.themes.add(theme)
    person = f.PersonFactory()
    f.MembershipFactory(person=person, organisation=partner_org)
    f.PartnershipFactory(first=organiser, second=partner_org)
    f.ChangeRequestFactory(organisation=partner_org)
    users = {
        "coordinator": f.CoordinatorFactory(username="junk-coordination"),
        "funder": f.FunderFactory(
            username="junk-financeur", organisations=[funder_org]
        ),
        "partner": f.PartnerUserFactory(
            username="junk-partenaire", organisations=[partner_org]
        ),
    }
    # A deactivated account: its page offers to reactivate it.
    f.PartnerUserFactory(
        username="junk-ancien", organisations=[partner_org], is_active=False
    )
    series = f.EventSeriesFactory(organiser=organiser)
    committee = f.CommitteeFactory(organiser=organiser)
    f.CommitteeMemberFactory(committee=committee, person=person)
    charter = f.CharterFactory()
    f.CharterVersionFactory(charter=charter)
    event = f.EventFactory(
        organiser=organiser,
        series=series,
        funders=[funder_org],
        capacity=50,
        is_registration_open=True,
        charter=charter,
    )
    event.co_organisers.add(partner_org)
    part = f.EventPartFactory(event=event, capacity=10)
    f.EventPartFactory(event=event)
    room = f.RoomFactory(event=event)
    item = f.AgendaItemFactory(event=event, part=part, room=room)
    f.SpeakerFactory(agenda_item=item)
    f.StandFactory(event=event, organisation=partner_org)
    f.TeamRoleFactory(event=event)
    f.BudgetLineFactory(event=event, funder=funder_org)
    registration = f.RegistrationFactory(event=event, organisation=partner_org)
    f.RegistrationPartFactory(registration=registration, part=part)
    f.RegistrationFactory(event=event, attended=True)
    activity = f.EventFactory(kind=Event.Kind.ACTIVITY, organiser=organiser)
    f.SessionAttendanceFactory(
        session=f.ActivitySessionFactory(event=activity),
        registration=f.RegistrationFactory(event=activity),
    )
    meeting = f.MeetingFactory(organiser=organiser, committee=committee)
    f.AgendaPointFactory(event=meeting)
    f.AttendanceFactory(event=meeting, person=person)
    f.DecisionFactory(event=meeting)
    f.ActionFactory(event=meeting)
    questionnaire = f.QuestionnaireFactory(event=event)
    f.QuestionFactory(questionnaire=questionnaire, section__questionnaire=questionnaire)
    choice = f.ChoiceFactory(
        question__section__questionnaire=questionnaire,
        question__questionnaire=questionnaire,
    )
    f.AnswerFactory(question=choice.question, int_value=None, choice=choice)
    f.TestimonialFactory(
        answer__question__section__questionnaire=questionnaire,
        answer__question__questionnaire=questionnaire,
    )
    # Sent: the share page then offers "remind those who have not answered".
    invitation = f.InvitationFactory(
        questionnaire=questionnaire,
        registration=registration,
        sent_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    workshop = f.WorkshopFactory(event=event)
    # The ateliers' board (a place to move and lock), a "Répartir" run to poll,
    # and the registrant's choice link.
    f.WorkshopPlaceFactory(
        session=f.WorkshopSessionFactory(workshop=workshop), registration=registration
    )
    f.WorkshopFactory(event=event)
    synthesis = f.WorkshopSynthesisFactory(
        workshop__event=event, workshop__rapporteur=person
    )
    from workshops.models import AssignmentJob

    AssignmentJob.objects.create(event=event)
    # A pin to a table (the table plan's pins screen and its unpin page).
    from workshops.tablelocks import pin_to_table

    pin_to_table(registration=registration, round=1, table=1)
    # A theme vote with a proposal: its coordinator pages and its public page.
    theme_vote = f.ThemeVoteFactory(event=event)
    f.ThemeProposalFactory(vote=theme_vote)
    from tests.factories.reports import ReportJobFactory

    ReportJobFactory(requested_by=users["coordinator"])
    ReportJobFactory(
        requested_by=users["coordinator"],
        kind="compte-rendu",
        object_id=str(meeting.pk),
        status="ready",
        file=ContentFile(b"%PDF-1.4 essai", name="compte-rendu.pdf"),
        size=14,
        page_count=1,
    )
    ReportJobFactory(requested_by=users["coordinator"], status="failed", error="Essai")
    f.PartnershipFactory(
        first=funder_org,
        second=partner_org,
        convention_file=ContentFile(b"%PDF-1.4 essai", name="convention.pdf"),
    )
    f.AnswerFactory(
        question__kind="long_text",
        question__section__questionnaire=questionnaire,
        question__questionnaire=questionnaire,
        response__quote_consent=True,
        int_value=None,
        text_value="À refaire l'an prochain.",
    )
    f.OutboundMailFactory(status="failed", attempts=5, last_error="Essai")  # resend
    # A funded project with a computed indicator and a submitted version:
    # its refresh button and its version comparison.
    period = f.IndicatorPeriodFactory(
        indicator__result__sub_objective__project__funders=[funder_org],
        indicator__computation="participants",
        event=event,
    )
    project = period.indicator.result.sub_objective.project
    project.events.add(event)
    f.EvaluationVersionFactory(project=project, number=1)
    past = timezone.now() - dt.timedelta(days=400)
    f.EventFactory(organiser=organiser, series=series, starts_at=past)
    # A funded project with its whole framework, parts 2 and 3, a submitted
    # version with a funder's comment, then a later draft.
    project = f.FundedProjectFactory(funders=[funder_org])
    project.events.add(event)
    project.series.add(series)
    numeric = f.IndicatorFactory(result__sub_objective__project=project)
    f.IndicatorPeriodFactory(
        indicator=numeric, event=event, actual=80, source="Émargement"
    )
    qualitative = f.IndicatorFactory(
        result=numeric.result, measure="qualitatif", target=None, target_text="Riche"
    )
    f.IndicatorPeriodFactory(
        indicator=qualitative, target=None, actual_text="Oui", source="Enquête"
    )
    f.IndicatorPeriodFactory(
        indicator=f.IndicatorFactory(result=numeric.result, computation="presences")
    )
    f.UnexpectedResultFactory(project=project)
    f.ImprovementPointFactory(project=project)
    from evaluations.funding import comment_version, submit_version

    # Its budget (/financements/<pk>/budget/: lines to edit and delete, an
    # event's line with an account and one without, volunteers present).
    f.ProjectBudgetLineFactory(project=project, account="62", actual=1500)
    f.ProjectBudgetLineFactory(project=project, account="74", funder=funder_org)
    f.BudgetLineFactory(event=event, account="61")
    f.RegistrationFactory(event=event, status="benevole", attended=True)
    version = submit_version(project, user=users["coordinator"])
    comment_version(version, user=users["funder"], text="Merci.")
    f.SubObjectiveFactory(project=project)

    user = users["coordinator"]
    public = [
        "/",
        event.get_absolute_url() if hasattr(event, "get_absolute_url") else "/",
        f"/e/{event.slug}/",
        f"/e/{event.slug}/inscription/",
        f"/e/{event.slug}/inscription/{registration.token}/",
        f"/inscription/{registration.token}/annuler/",
        f"/ateliers/choix/{registration.token}/",
        f"/q/{questionnaire.token}/",
        f"/q/{questionnaire.token}/{invitation.token}/",
        f"/q/{questionnaire.token}/merci/",
        f"/votes/{theme_vote.token}/",
        f"/votes/{theme_vote.token}/resultats/",
        f"/mise-a-jour/{make_update_token(organisation=partner_org)}/",
        f"/ateliers/synthese/{synthesis.token}/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/",
    ]
    return users, public


@dataclass
class Reach:
    """What one role reached: pages read (by pattern) and forms found."""

    pages: dict = field(default_factory=dict)  # route -> [url]
    forms: dict = field(default_factory=dict)  # route of the action -> [Form]
    failures: list = field(default_factory=list)


def crawl(client, seeds, limit=600) -> Reach:
    reach = Reach()
    queue, seen, read, signatures = deque(seeds), set(), {}, set()
    while queue and len(seen) < limit:
        url = _internal(queue.popleft())
        if url is None or url in seen:
            continue
        seen.add(url)
        route = _route(url)
        if route is None or _skip_reason(route):
            continue
        shape = (route, tuple(sorted(k for k, _ in parse_qsl(urlsplit(url).query))))
        if read.get(shape, 0) >= PAGES_PER_PATTERN:
            continue
        read[shape] = read.get(shape, 0) + 1
        response = _send(client, reach.failures, "get", url)
        if response is None or response.status_code >= 400:
            continue
        if response.status_code in (301, 302, 303):
            queue.append(response["Location"])
            continue
        reach.pages.setdefault(route, []).append(url)
        if not _is_html(response) or response.streaming:
            continue
        parser = PageParser(url)
        parser.feed(response.content.decode(errors="replace"))
        queue.extend(parser.links)
        for form in parser.forms:
            action = _internal(form.action)
            action_route = action and _route(action)
            if not action_route or _skip_reason(action_route):
                continue
            signature = (action, form.method, tuple(f.name for f in form.fields))
            if signature in signatures:  # the same form on another page
                continue
            signatures.add(signature)
            reach.forms.setdefault(action_route, []).append(form)
            if form.method == "get":
                queue.append(
                    f"{action.split('?')[0]}?{urlencode(form.baseline(), doseq=True)}"
                )
            elif form.files():  # an upload leads to what follows it (a preview)
                sent = _send(
                    client,
                    reach.failures,
                    "post",
                    action,
                    {**form.baseline(), **form.files()},
                )
                if sent is not None and sent.status_code in (302, 303):
                    queue.append(sent["Location"])
    return reach


def _send(client, failures, method, url, data=None, field=None):
    """Send one request; a 5xx or an escaped exception is kept in ``failures``
    as (route, message)."""
    what = f"{method.upper()} {url[:150]}" + (f" [{field}]" if field else "")
    try:
        response = getattr(client, method)(url, data)
    except Exception as error:  # noqa: BLE001 - every escaped exception is a failure
        failures.append((_route(url), f"{what}: {error!r}"[:400]))
        return None
    if response.status_code >= 500:
        failures.append((_route(url), f"{what}: {response.status_code}"))
    return response


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The world, and what each role reaches of it (rolled back at the end)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # durable blocks inside stay allowed
        atomic.__enter__()
        try:
            users, public = build_world()
            clients, reaches = {}, {}
            for role in ROLES:
                client = Client(raise_request_exception=True)
                if role != "anonymous":
                    client.force_login(users[role])
                clients[role] = client
                seeds = ["/", *public] if role == "anonymous" else ["/", *SIGNED_IN]
                reaches[role] = crawl(client, seeds)
            yield clients, reaches
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- junk -------------------------------------------------------------------


def _junk_for(f):
    """The junk values worth sending to one field, by its type."""
    values = [HUGE_NUMBER]
    if f.kind in YEAR_1:
        values += [YEAR_1[f.kind], YEAR_9999[f.kind]]
    if f.kind in TEXT_TYPES:
        values += [CONTROL + LONG]
    return values


def _post_junk(client, form, failures, canaries):
    """Each field with each junk in turn, then NUL everywhere."""
    baseline = form.baseline()
    action = _internal(form.action)
    method = "get" if form.method == "get" else "post"
    names = []
    for f in form.fields:
        if f.name in names or f.name == "csrfmiddlewaretoken":
            continue
        if f.kind in ("submit", "button", "reset", "image", "file"):
            continue
        names.append(f.name)
        for junk in _junk_for(f):
            data = {**baseline, f.name: [junk]}
            if method == "post":
                data.update(form.files(JUNK_CSV))
            shown = junk if len(junk) < 50 else f"{junk[:20]!r}…"
            response = _send(
                client, failures, method, action, data, field=f"{f.name}={shown!r}"
            )
            if response is not None and response.status_code in (301, 302, 303):
                # What was stored, read where it shows: the page the post led
                # to, the form's page and the role's home.
                led_to = _internal(response["Location"])
                _confirm(client, failures, led_to)
                for url in {_internal(url) for url in (form.page, *canaries)}:
                    if url != led_to:
                        _send(client, failures, "get", url)
    for junk_action in _with_huge_ids(urlsplit(action).path):
        _send(client, failures, method, junk_action, baseline, field="<int:…>")
    everywhere = {name: [NUL] for name in names}
    _send(client, failures, method, action, {**baseline, **everywhere}, field="NUL")
    return names


def _confirm(client, failures, url):
    """Read the page a junk post led to; submit what it asks to confirm
    (a form posting to the page itself: an import's preview)."""
    if url is None:
        return
    response = _send(client, failures, "get", url)
    if response is None or response.status_code != 200 or not _is_html(response):
        return
    parser = PageParser(url)
    parser.feed(response.content.decode(errors="replace"))
    for form in parser.forms:
        if form.method == "post" and _internal(form.action) == url:
            _send(client, failures, "post", url, form.baseline(), field="confirm")


def _get_junk(client, urls, failures):
    """A page read with junk in each parameter it is linked with."""
    for url in urls:
        path, _, query = url.partition("?")
        names = {k for k, _ in parse_qsl(query)} | {"q", "page"}
        for name in sorted(names):
            # (CONTROL is also the text where a number is expected.)
            for junk in (HUGE_NUMBER, NUL, YEAR_1["date"], CONTROL):
                _send(client, failures, "get", f"{path}?{urlencode({name: junk})}")
        _send(client, failures, "get", path.rstrip("/") + "/" + NUL)
        for junk_url in _with_huge_ids(path):
            _send(client, failures, "get", junk_url)


def _with_huge_ids(path):
    """``path`` with each of its integer parts (``<int:pk>``…) made 40 digits."""
    match = resolve(path)
    for name, value in match.kwargs.items():
        if isinstance(value, int):
            kwargs = {**match.kwargs, name: int(HUGE_NUMBER)}
            yield reverse(match.view_name, args=match.args, kwargs=kwargs)


@pytest.mark.parametrize("route", PATTERNS)
def test_junk_gives_no_server_error(route, site):
    clients, reaches = site
    failures = []
    exercised = False
    for role in ROLES:
        reach = reaches[role]
        failures += [f"({role}, crawl) {m}" for r, m in reach.failures if r == route]
        client = clients[role]
        # The role's home (the first page it read): the other pages its crawl
        # began with are the password change and its "done" page, which show
        # nothing a form stores.
        canaries = [urls[0] for urls in list(reach.pages.values())[:1]]
        found = []
        if route in reach.pages:
            exercised = True
            _get_junk(client, reach.pages[route][:1], found)
        for form in reach.forms.get(route, [])[:3]:
            exercised = True
            _post_junk(client, form, found, canaries)
        failures += [f"({role}) {message}" for _, message in found]
    assert exercised, (
        f"No role reaches {route!r}: give the world (build_world) what leads to it, "
        "or add it to SKIP with the reason."
    )
    assert not failures, "\n".join(failures[:20])


def test_every_crawl_failure_belongs_to_a_pattern(site):
    """A failure met while crawling is reported by its pattern's test; here,
    those whose address resolves to no pattern."""
    _, reaches = site
    orphans = [m for reach in reaches.values() for r, m in reach.failures if r is None]
    assert not orphans, "\n".join(orphans)


def test_each_skip_names_patterns_that_exist():
    for key in SKIP:
        assert any(
            _skip_reason(route)
            for route in ALL_PATTERNS
            if route.startswith(key.rstrip("*"))
        ), key


# --- the admin ----------------------------------------------------------------
#
# Not crawled: for each registered model, as a superuser (PRODUCT.md's
# administrator), its changelist with junk in ``q`` and in each filter it
# links to, its add form and one object's change form, each posted with one
# kind of junk in every field at once, then with year 1 in each date field in
# turn (the others kept). No 5xx, and no date before YEAR_MIN is ever stored.


def _admin_models():
    from django.contrib import admin

    return sorted(admin.site._registry, key=lambda m: m._meta.label)


ADMIN_MODELS = [model._meta.label for model in _admin_models()]


def _admin_form(client, url, failures):
    response = _send(client, failures, "get", url)
    if response is None or response.status_code != 200:
        return None
    parser = PageParser(url)
    parser.feed(response.content.decode(errors="replace"))
    forms = [f for f in parser.forms if f.method == "post" and f.fields]
    return max(forms, key=lambda f: len(f.fields), default=None)


def _admin_junk_posts(form):
    """(what, data): one kind of junk in every field at once, then year 1 in
    each date field alone."""
    baseline = form.baseline()
    fields = {
        f.name: f
        for f in form.fields
        if f.name != "csrfmiddlewaretoken"
        and f.kind not in ("submit", "button", "reset", "image", "file")
        and not f.name.endswith(("TOTAL_FORMS", "INITIAL_FORMS"))
    }
    dates = [f for f in fields.values() if f.is_date]
    texts = [f for f in fields.values() if f.kind in TEXT_TYPES and not f.is_date]
    yield "40 digits", {**baseline, **{n: [HUGE_NUMBER] for n in fields}}
    yield "NUL", {**baseline, **{n: [NUL] for n in fields}}
    yield "control+long", {**baseline, **{f.name: [CONTROL + LONG] for f in texts}}
    yield "year 9999", {**baseline, **{f.name: ["9999-12-31"] for f in dates}}
    yield "year 1", {**baseline, **{f.name: ["0001-01-01"] for f in dates}}
    for f in dates:
        yield f"year 1 in {f.name}", {**baseline, f.name: ["0001-01-01"]}


def _dates_before_bounds():
    """Rows of any model holding a date before YEAR_MIN."""
    import datetime as dt

    from django.apps import apps
    from django.db import models

    from core.fields import YEAR_MIN

    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField):  # and DateTimeField
                bound = dt.date(YEAR_MIN, 1, 1)
                if isinstance(f, models.DateTimeField):
                    bound = dt.datetime(YEAR_MIN, 1, 2, tzinfo=dt.UTC)
                lookup = {f"{f.name}__lt": bound}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{f.name}")
    return found


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_admin_refuses_junk(label, site):
    from django.apps import apps
    from django.contrib import admin

    from tests.factories import UserFactory

    model = apps.get_model(label)
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    info = (admin.site.name, model._meta.app_label, model._meta.model_name)
    changelist = reverse("{}:{}_{}_changelist".format(*info))
    failures = []

    # The changelist: junk searched, and in each parameter it links with.
    response = _send(client, failures, "get", changelist)
    names = {"q", "p", "o"}
    if response is not None and response.status_code == 200:
        parser = PageParser(changelist)
        parser.feed(response.content.decode(errors="replace"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.path == changelist:
                names |= {k for k, _ in parse_qsl(parts.query)}
    for name in sorted(names):
        for junk in (HUGE_NUMBER, NUL, CONTROL, YEAR_1["date"], "abc"):
            _send(client, failures, "get", f"{changelist}?{urlencode({name: junk})}")

    # The add form and one object's change form.
    pages = [reverse("{}:{}_{}_add".format(*info))]
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        pages.append(reverse("{}:{}_{}_change".format(*info), args=[obj.pk]))
    for page in pages:
        form = _admin_form(client, page, failures)
        if form is None:  # not allowed (read-only admin): refused, not a 5xx
            continue
        for what, data in _admin_junk_posts(form):
            _send(client, failures, "post", page, data, field=what)
    for page in pages[1:]:
        _send(client, failures, "get", page)
    _send(client, failures, "get", changelist)

    assert not failures, "\n".join(m for _, m in failures[:20])
    assert not _dates_before_bounds(), "a date before the bounds was stored"


def test_every_admin_registration_refuses_junk():
    """A new registration (or inline) that does not derive from core.admin's
    classes would let a year-1 date or a 40-digit id through."""
    from django.contrib import admin

    from core.admin import BoundedFieldsMixin

    escaped = []
    for model, model_admin in admin.site._registry.items():
        for each in [type(model_admin), *model_admin.inlines]:
            if not issubclass(each, BoundedFieldsMixin):
                escaped.append(f"{model._meta.label}: {each.__qualname__}")
    assert not escaped, "derive from core.admin's classes: " + ", ".join(escaped)
