"""Self-update review field by field, people included; verification dates;
revoked links; stale entries' links (services)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import OutboundMail
from partners import selfupdate, services
from partners.models import ChangeRequest, EntryCheck, Membership, Person
from partners.models_selfupdate import Decision, ProposedContact
from tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerUserFactory,
)

pytestmark = pytest.mark.django_db

ACCEPT = (Decision.ACCEPTED, "")


def test_review_applies_accepted_fields_only_and_mails_the_reasons():
    organisation = OrganisationFactory(
        name="Singa", phone="", commune="Meaux", email="contact@singa.fr"
    )
    change = ChangeRequestFactory(
        organisation=organisation,
        proposed={"phone": "01 60 00 00 00", "commune": "Paris"},
        submitter_name="Karim Benali",
    )
    coordinator = PartnerUserFactory()

    selfupdate.review_change_request(
        change_request=change,
        fields={
            "phone": ACCEPT,
            "commune": (Decision.REFUSED, "Votre siège est toujours à Meaux."),
        },
        by=coordinator,
    )

    organisation.refresh_from_db()
    change.refresh_from_db()
    assert (organisation.phone, organisation.commune) == ("01 60 00 00 00", "Meaux")
    assert change.status == ChangeRequest.Status.ACCEPTED
    assert dict(change.field_decisions.values_list("field", "decision")) == {
        "phone": "accepted",
        "commune": "refused",
    }
    mail = OutboundMail.objects.get(kind="partners.review_answer")
    assert mail.to == "contact@singa.fr"
    assert "Karim Benali" in mail.body
    assert "Votre siège est toujours à Meaux." in mail.body
    assert "téléphone : acceptée" in mail.body.lower()
    assert organisation.entry_check.last_verified_at == change.reviewed_at


def test_review_mails_the_signed_in_partner_who_proposed():
    user = PartnerUserFactory(email="claire@asso.fr")
    change = ChangeRequestFactory(
        organisation=OrganisationFactory(email="generique@asso.fr"), submitted_by=user
    )

    services.reject_change_request(change_request=change, by=None)

    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    assert OutboundMail.objects.get().to == "claire@asso.fr"


def test_review_refusing_everything_changes_nothing():
    organisation = OrganisationFactory(phone="")
    change = ChangeRequestFactory(organisation=organisation)

    selfupdate.review_change_request(
        change_request=change, fields={"phone": (Decision.REFUSED, "Non.")}, by=None
    )

    organisation.refresh_from_db()
    assert organisation.phone == ""
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.REJECTED


def test_review_twice_is_refused():
    change = ChangeRequestFactory()
    selfupdate.review_change_request(
        change_request=change, fields={"phone": ACCEPT}, by=None
    )
    with pytest.raises(selfupdate.ChangeRequestStateError):
        selfupdate.review_change_request(
            change_request=change, fields={"phone": ACCEPT}, by=None
        )


def test_review_with_an_invalid_accepted_value_writes_nothing():
    organisation = OrganisationFactory(website="")
    change = ChangeRequestFactory(
        organisation=organisation, proposed={"website": "pas une adresse"}
    )

    with pytest.raises(ValidationError):
        selfupdate.review_change_request(
            change_request=change, fields={"website": ACCEPT}, by=None
        )

    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    assert not change.field_decisions.exists()
    assert not OutboundMail.objects.exists()
    assert not EntryCheck.objects.exists()


def submit_people(organisation, rows):
    return services.submit_change_request(
        organisation=organisation,
        data={},
        submitter_name="Karim",
        contacts=selfupdate.contact_changes(organisation=organisation, rows=rows),
    )


def row(membership=None, **values):
    base = {
        "membership": membership.pk if membership else None,
        "first_name": membership.person.first_name if membership else "",
        "last_name": membership.person.last_name if membership else "",
        "email": membership.person.email if membership else "",
        "phone": membership.person.phone if membership else "",
        "function": membership.function if membership else "",
        "status": membership.status if membership else "salarie",
        "directory_consent": membership.person.directory_consent
        if membership
        else False,
        "remove": False,
    }
    return {**base, **values}


def test_people_are_proposed_and_reviewed_one_by_one():
    organisation = OrganisationFactory(email="contact@asso.fr")
    kept = MembershipFactory(organisation=organisation)
    changed = MembershipFactory(organisation=organisation, function="Bénévole")
    left = MembershipFactory(organisation=organisation)

    change = submit_people(
        organisation,
        [
            row(kept),
            row(changed, function="Directrice"),
            row(left, remove=True),
            row(first_name="Nadia", last_name="Haddad", email="nadia@asso.fr"),
            {},  # the empty row left for a newcomer
        ],
    )

    actions = dict(change.proposed_contacts.values_list("action", "membership"))
    assert actions == {"change": changed.pk, "remove": left.pk, "add": None}
    added = change.proposed_contacts.get(action="add")
    removed = change.proposed_contacts.get(action="remove")
    edited = change.proposed_contacts.get(action="change")

    selfupdate.review_change_request(
        change_request=change,
        fields={},
        contacts={
            added.pk: ACCEPT,
            edited.pk: ACCEPT,
            removed.pk: (Decision.REFUSED, "Elle est encore présente."),
        },
        by=None,
    )

    changed.refresh_from_db()
    assert changed.function == "Directrice"
    assert Membership.objects.filter(pk=left.pk).exists()
    assert organisation.memberships.filter(person__email="nadia@asso.fr").exists()
    removed.refresh_from_db()
    assert (removed.decision, removed.reason) == (
        "refused",
        "Elle est encore présente.",
    )
    body = OutboundMail.objects.get().body
    assert "Retirer : " in body and "Elle est encore présente." in body


def test_accepted_removal_deletes_the_membership_not_the_person():
    organisation = OrganisationFactory()
    left = MembershipFactory(organisation=organisation)
    change = submit_people(organisation, [row(left, remove=True)])

    services.accept_change_request(change_request=change, by=None)

    assert not Membership.objects.filter(pk=left.pk).exists()
    assert Person.objects.filter(pk=left.person_id).exists()


def test_another_organisations_person_is_never_proposed():
    organisation = OrganisationFactory()
    foreign = MembershipFactory()

    change = submit_people(organisation, [row(foreign, function="Piraté")])

    assert change is None
    assert not ProposedContact.objects.exists()


def test_a_revoked_link_no_longer_opens_the_entry():
    organisation = OrganisationFactory()
    old = services.make_update_token(organisation=organisation)

    selfupdate.revoke_update_links(organisation=organisation)

    with pytest.raises(services.LinkRevoked):
        services.organisation_from_token(old)
    new = services.make_update_token(organisation=organisation)
    assert services.organisation_from_token(new) == organisation


def test_stale_entries_are_never_or_not_recently_verified():
    now = timezone.now()
    never = OrganisationFactory(name="A")
    old = OrganisationFactory(name="B")
    recent = OrganisationFactory(name="C")
    OrganisationFactory(name="D", is_active=False)
    selfupdate.mark_verified(organisation=old, when=now - dt.timedelta(days=400))
    selfupdate.mark_verified(organisation=recent, when=now - dt.timedelta(days=30))

    assert list(selfupdate.stale_entries()) == [never, old]


def test_few_stale_entries_get_their_link_at_once():
    OrganisationFactory(email="a@asso.fr")
    OrganisationFactory(email="")

    sent = selfupdate.send_stale_links(base_url="https://maillage.test/")

    assert sent == (1, 1, False)
    mail = OutboundMail.objects.get(kind="partners.update_link")
    assert mail.to == "a@asso.fr"
    assert "https://maillage.test/mise-a-jour/" in mail.body


def test_many_stale_entries_are_sent_by_a_worker(django_capture_on_commit_callbacks):
    for n in range(selfupdate.INLINE_LINKS + 1):
        OrganisationFactory(email=f"asso{n}@example.org")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = selfupdate.send_stale_links(base_url="https://maillage.test/")
    assert sent == (selfupdate.INLINE_LINKS + 1, 0, True)
    assert not OutboundMail.objects.exists()  # nothing sent in the request

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker (eager in tests)

    assert OutboundMail.objects.count() == selfupdate.INLINE_LINKS + 1


def test_accepting_a_role_the_person_already_holds_is_refused_whole():
    organisation = OrganisationFactory(phone="")
    first = MembershipFactory(organisation=organisation, function="Trésorière")
    MembershipFactory(
        organisation=organisation, person=first.person, function="Présidente"
    )
    change = services.submit_change_request(
        organisation=organisation,
        data={"phone": "01 02"},
        submitter_name="Karim",
        contacts=selfupdate.contact_changes(
            organisation=organisation, rows=[row(first, function="Présidente")]
        ),
    )

    with pytest.raises(ValidationError):
        services.accept_change_request(change_request=change, by=None)

    organisation.refresh_from_db()
    first.refresh_from_db()
    assert (organisation.phone, first.function) == ("", "Trésorière")
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING
