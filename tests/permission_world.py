"""The world the permission matrix requests every page in.

Two sides, A and B, alike: an organising association with its partner user,
a funding foundation with its funder user, and everything the network builds
for them (an event funded by the foundation, its questionnaire, workshops,
meeting, funded project with a submitted version, report job...). Plus the
network's coordinator and a superuser.

Every name of side B carries ``MARKERS["B"]`` (and A's ``MARKERS["A"]``), so
that a page shown to partner A or funder A can be searched for B's data.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from events.models import Event
from partners.models import Organisation
from partners.services import make_update_token
from reports.models import ReportJob
from tests import factories as f
from tests.factories.reports import ReportJobFactory
from workshops.models_board import AssignmentJob
from workshops.models_tablelocks import TableLock

PDF = b"%PDF-1.4\n%%EOF\n"
# A directory import with one good and one rejected line.
IMPORT_CSV = (
    b"nom;sigle;type;code_postal;commune;email;publics;thematiques;rna;siret\n"
    b"Singa;;;75011;Paris;;;;;\n"
    b";;;;;;;;;\n"
)

# Unusual words, so that they appear on a page only with the object they name.
MARKERS = {"A": "Alphazed", "B": "Bravoquix"}


@dataclass
class Side:
    marker: str
    organisation: Organisation
    funder_organisation: Organisation
    partner: object
    funder: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class World:
    a: Side
    b: Side
    coordinator: object
    admin: object
    # Anything not tied to a side (the vocabularies, an import preview).
    shared: dict

    def mirrored(self) -> "World":
        """The same world with the sides swapped: ``.a`` is side B."""
        return replace(self, a=self.b, b=self.a)


def _side(label: str, coordinator) -> Side:
    marker = MARKERS[label]
    organisation = f.OrganisationFactory(name=f"Association {marker}")
    funder_organisation = f.OrganisationFactory(
        name=f"Fondation {marker}", kind=Organisation.Kind.FOUNDATION
    )
    partner = f.PartnerUserFactory(
        username=f"partenaire-{label.lower()}", organisations=[organisation]
    )
    funder = f.FunderFactory(
        username=f"financeur-{label.lower()}", organisations=[funder_organisation]
    )
    side = Side(marker, organisation, funder_organisation, partner, funder)
    o = side.objects

    # Events: a day, an activity cycle, a meeting of a committee.
    o["series"] = f.EventSeriesFactory(
        title=f"Rencontres {marker}", organiser=organisation
    )
    o["event"] = f.EventFactory(
        title=f"Journée {marker}",
        organiser=organisation,
        series=o["series"],
        funders=[funder_organisation],
    )
    event = o["event"]
    o["registration"] = f.RegistrationFactory(event=event, last_name=marker)
    o["part"] = f.EventPartFactory(event=event, title=f"Matinée {marker}")
    o["room"] = f.RoomFactory(event=event, name=f"Salle {marker}")
    o["agenda_item"] = f.AgendaItemFactory(event=event, title=f"Plénière {marker}")
    o["speaker"] = f.SpeakerFactory(agenda_item=o["agenda_item"])
    o["activity"] = f.EventFactory(
        title=f"Atelier cuisine {marker}",
        kind=Event.Kind.ACTIVITY,
        organiser=organisation,
        funders=[funder_organisation],
    )
    f.ActivitySessionFactory(event=o["activity"])
    o["committee"] = f.CommitteeFactory(
        title=f"Comité {marker}", organiser=organisation
    )
    o["meeting"] = f.MeetingFactory(
        title=f"Réunion {marker}", organiser=organisation, committee=o["committee"]
    )
    meeting = o["meeting"]
    o["agenda_point"] = f.AgendaPointFactory(event=meeting)
    o["decision"] = f.DecisionFactory(event=meeting)
    o["action"] = f.ActionFactory(event=meeting)
    f.AttendanceFactory(event=meeting)
    o["committee_member"] = f.CommitteeMemberFactory(committee=o["committee"])

    # Questionnaire, with an answer quoted as a testimonial.
    o["questionnaire"] = f.QuestionnaireFactory(
        title=f"Questionnaire {marker}", event=event
    )
    o["section"] = f.SectionFactory(questionnaire=o["questionnaire"])
    o["question"] = f.QuestionFactory(section=o["section"])
    o["invitation"] = f.InvitationFactory(
        questionnaire=o["questionnaire"], registration=o["registration"]
    )
    o["testimonial"] = f.TestimonialFactory(
        answer__question__section__questionnaire=o["questionnaire"]
    )
    o["answer"] = o["testimonial"].answer
    o["response"] = o["answer"].response

    # Funded project, with every part and a version submitted to its funder.
    o["project"] = f.FundedProjectFactory(
        title=f"Projet {marker}", funders=[funder_organisation], events=[event]
    )
    project = o["project"]
    o["subobjective"] = f.SubObjectiveFactory(project=project)
    o["result"] = f.ExpectedResultFactory(sub_objective=o["subobjective"])
    o["indicator"] = f.IndicatorFactory(result=o["result"])
    o["period"] = f.IndicatorPeriodFactory(indicator=o["indicator"])
    o["unexpected"] = f.UnexpectedResultFactory(project=project)
    o["improvement"] = f.ImprovementPointFactory(project=project)
    o["budget_line"] = f.ProjectBudgetLineFactory(project=project)
    o["version"] = f.EvaluationVersionFactory(project=project, number=1)

    # Directory: a partnership with a third, neutral organisation; a
    # proposed change; the self-update link.
    o["partnership"] = f.PartnershipFactory(first=organisation)
    o["partnership"].convention_file.save(f"convention-{marker}.pdf", ContentFile(PDF))
    o["change_request"] = f.ChangeRequestFactory(organisation=organisation)
    o["person"] = f.PersonFactory(last_name=marker)
    o["membership"] = f.MembershipFactory(person=o["person"], organisation=organisation)
    o["update_token"] = make_update_token(organisation=organisation)

    # Workshops: one with its session, synthesis, choice and place; a vote.
    o["workshop"] = f.WorkshopFactory(event=event, title=f"Atelier {marker}")
    o["workshop_session"] = f.WorkshopSessionFactory(workshop=o["workshop"])
    o["synthesis"] = f.WorkshopSynthesisFactory(workshop=o["workshop"])
    f.WorkshopChoiceFactory(workshop=o["workshop"], registration=o["registration"])
    o["place"] = f.WorkshopPlaceFactory(
        session=o["workshop_session"], registration=o["registration"]
    )
    o["table_lock"] = TableLock.objects.create(
        registration=o["registration"], round=1, table=1
    )
    o["assignment_job"] = AssignmentJob.objects.create(
        event=event, requested_by=coordinator
    )
    o["vote"] = f.ThemeVoteFactory(event=event, title=f"Vote {marker}")
    o["proposal"] = f.ThemeProposalFactory(vote=o["vote"])

    # A programme document of the event, in the reports' list.
    o["job"] = ReportJobFactory(
        kind="programme",
        object_id=str(event.pk),
        title=f"Programme {marker}",
        requested_by=coordinator,
        status=ReportJob.Status.READY,
        finished_at=timezone.now() - dt.timedelta(minutes=1),
    )
    o["job"].file.save(f"programme-{marker}.pdf", ContentFile(PDF))
    o["mail"] = f.OutboundMailFactory(to=f"{marker.lower()}@example.org")
    return side


def build_world() -> World:
    from partners.models import ImportPreview

    coordinator = f.CoordinatorFactory(username="coordination")
    admin = get_user_model().objects.create_superuser(
        "admin", "admin@example.org", "motdepasse-de-test"
    )
    preview = ImportPreview.objects.create(
        created_by=coordinator, filename="structures.csv"
    )
    preview.file.save("structures.csv", ContentFile(IMPORT_CSV))
    shared = {
        "audience": f.AudienceFactory(name="Jeunes"),
        "theme": f.ThemeFactory(name="Numérique"),
        # An upload waiting for its uploader's (the coordinator's) confirmation.
        "import_preview": preview,
        # The network's charter, with its first version.
        "charter_version": f.CharterVersionFactory(),
    }
    return World(
        a=_side("A", coordinator),
        b=_side("B", coordinator),
        coordinator=coordinator,
        admin=admin,
        shared=shared,
    )
