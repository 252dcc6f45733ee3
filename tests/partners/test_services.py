import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from events.models import Event
from partners import services
from partners.models import ChangeRequest, Membership, Organisation, Partnership
from tests.factories import (
    AudienceFactory,
    ChangeRequestFactory,
    CoordinatorFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_organisations_keeps_every_relation():
    coordinator = CoordinatorFactory()
    keep = OrganisationFactory(name="Croix-Rouge de Meaux", email="")
    duplicate = OrganisationFactory(
        name="Croix Rouge Meaux", email="meaux@croix-rouge.fr", rna="W771234567"
    )
    person = PersonFactory()
    MembershipFactory(person=person, organisation=duplicate, function="Présidente")
    third = OrganisationFactory(name="Mission locale")
    PartnershipFactory(first=duplicate, second=third)
    PartnershipFactory(first=keep, second=duplicate, level=Partnership.Level.DIRECTION)
    duplicate.audiences.add(AudienceFactory(name="Jeunes"))
    duplicate.themes.add(ThemeFactory(name="Santé"))
    account = UserFactory()
    duplicate.users.add(account)
    branch = OrganisationFactory(name="Antenne", parent=duplicate)
    event = EventFactory(organiser=duplicate)

    services.merge_organisations(keep=keep, duplicate=duplicate, by=coordinator)

    keep.refresh_from_db()
    branch.refresh_from_db()
    event.refresh_from_db()
    assert (
        Organisation.objects.filter(pk=duplicate.pk).exists(),
        list(Membership.objects.values_list("organisation", flat=True)),
        list(Partnership.objects.values_list("first", "second")),
        list(keep.audiences.values_list("name", flat=True)),
        list(keep.themes.values_list("name", flat=True)),
        list(keep.users.all()),
        branch.parent_id,
        event.organiser_id,
        (keep.email, keep.rna),
        keep.history.first().history_user,
    ) == (
        False,
        [keep.pk],
        [(keep.pk, third.pk)],
        ["Jeunes"],
        ["Santé"],
        [account],
        keep.pk,
        keep.pk,
        ("meaux@croix-rouge.fr", "W771234567"),
        coordinator,
    )


def test_merge_organisations_drops_clashing_duplicate_membership():
    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    person = PersonFactory()
    MembershipFactory(person=person, organisation=keep, function="Bénévole")
    MembershipFactory(person=person, organisation=duplicate, function="Bénévole")

    services.merge_organisations(keep=keep, duplicate=duplicate, by=None)

    assert list(Membership.objects.values_list("organisation", "person")) == [
        (keep.pk, person.pk)
    ]


def test_merge_organisations_refuses_merging_with_itself():
    organisation = OrganisationFactory()

    with pytest.raises(ValueError):
        services.merge_organisations(keep=organisation, duplicate=organisation, by=None)

    assert Organisation.objects.count() == 1


def test_update_token_round_trip_gives_the_organisation():
    organisation = OrganisationFactory()

    token = services.make_update_token(organisation=organisation)

    assert services.organisation_from_token(token) == organisation


def test_update_token_tampered_raises_bad_signature():
    organisation, other = OrganisationFactory(), OrganisationFactory()
    token = services.make_update_token(organisation=organisation)
    forged = token.replace(str(organisation.pk), str(other.pk), 1)

    with pytest.raises(signing.BadSignature):
        services.organisation_from_token(forged)

    assert forged != token


def test_update_token_expires_after_thirty_days(monkeypatch):
    organisation = OrganisationFactory()
    token = services.make_update_token(organisation=organisation)
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)

    with pytest.raises(signing.SignatureExpired):
        services.organisation_from_token(token)

    assert services.UPDATE_LINK_MAX_AGE == 30 * 24 * 3600


def test_submit_change_request_keeps_only_changed_fields():
    organisation = OrganisationFactory(phone="01 00 00 00 00", commune="Meaux")
    youth = AudienceFactory(name="Jeunes")

    change = services.submit_change_request(
        organisation=organisation,
        data={"phone": "01 11 11 11 11", "commune": "Meaux", "audiences": [youth]},
        submitter_name="Claire",
    )

    organisation.refresh_from_db()
    assert (change.proposed, organisation.phone) == (
        {"phone": "01 11 11 11 11", "audiences": [youth.pk]},
        "01 00 00 00 00",
    )


def test_submit_change_request_without_change_returns_none():
    organisation = OrganisationFactory(phone="01 00 00 00 00")

    change = services.submit_change_request(
        organisation=organisation, data={"phone": "01 00 00 00 00"}, submitter_name="C"
    )

    assert (change, ChangeRequest.objects.count()) == (None, 0)


def test_accept_change_request_applies_and_records_the_reviewer():
    coordinator = CoordinatorFactory()
    youth = AudienceFactory(name="Jeunes")
    change = ChangeRequestFactory(
        proposed={"phone": "01 11 11 11 11", "audiences": [youth.pk]}
    )

    services.accept_change_request(change_request=change, by=coordinator)

    organisation = Organisation.objects.get(pk=change.organisation_id)
    change.refresh_from_db()
    record = organisation.history.first()
    assert (
        organisation.phone,
        list(organisation.audiences.all()),
        change.status,
        change.reviewed_by,
        record.history_user,
        record.phone,
    ) == (
        "01 11 11 11 11",
        [youth],
        "accepted",
        coordinator,
        coordinator,
        "01 11 11 11 11",
    )


def test_accept_change_request_twice_raises():
    change = ChangeRequestFactory(status=ChangeRequest.Status.ACCEPTED)

    with pytest.raises(services.ChangeRequestStateError):
        services.accept_change_request(change_request=change, by=None)

    assert ChangeRequest.objects.get().status == "accepted"


def test_accept_change_request_with_invalid_value_raises_and_keeps_entry():
    change = ChangeRequestFactory(proposed={"email": "pas-un-mail"})

    with pytest.raises(ValidationError):
        services.accept_change_request(change_request=change, by=None)

    change.refresh_from_db()
    assert (change.status, change.organisation.email) == ("pending", "")


def test_reject_change_request_leaves_the_entry_alone():
    change = ChangeRequestFactory(proposed={"phone": "09 99"})

    services.reject_change_request(change_request=change, by=None)

    change.refresh_from_db()
    assert (change.status, change.organisation.phone) == ("rejected", "")


def test_send_update_link_mails_the_generic_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(email="contact@restos.fr")

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_update_link(
            organisation=organisation, link="http://x/l", by=None
        )

    assert (sent, mailoutbox[0].to, "http://x/l" in mailoutbox[0].body) == (
        True,
        ["contact@restos.fr"],
        True,
    )


def test_event_still_exists_after_merge_count():
    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    EventFactory(organiser=duplicate)

    services.merge_organisations(keep=keep, duplicate=duplicate, by=None)

    assert Event.objects.filter(organiser=keep).count() == 1


def test_send_update_link_is_in_the_sites_language_whoever_sends_it():
    from django.utils import translation

    from core.models import OutboundMail

    organisation = OrganisationFactory(email="contact@restos.fr")

    with translation.override("en"):
        services.send_update_link(organisation=organisation, link="http://x/l", by=None)

    mail = OutboundMail.objects.get()
    assert (mail.language, mail.subject) == (
        "fr",
        "Mettez à jour votre fiche dans l’annuaire des partenaires",
    )


def test_submit_change_request_twice_keeps_both_and_supersedes_the_first():
    organisation = OrganisationFactory(phone="", commune="Meaux")
    services.submit_change_request(
        organisation=organisation, data={"phone": "01 11"}, submitter_name="Claire"
    )

    services.submit_change_request(
        organisation=organisation, data={"commune": "Meaux-Nord"}, submitter_name="Awa"
    )

    assert list(
        ChangeRequest.objects.order_by("pk").values_list(
            "submitter_name", "status", "proposed", "reviewed_at"
        )
    ) == [
        ("Claire", "superseded", {"phone": "01 11"}, None),
        ("Awa", "pending", {"commune": "Meaux-Nord"}, None),
    ]


def test_pending_proposal_gives_the_form_the_proposed_values():
    youth, gone = AudienceFactory(name="Jeunes"), AudienceFactory(name="Seniors")
    change = ChangeRequestFactory(
        proposed={"phone": "01 11", "audiences": [youth.pk, gone.pk]},
        submitter_name="Awa",
    )
    gone.delete()

    initial = services.pending_proposal(change.organisation)

    assert initial == {
        "phone": "01 11",
        "audiences": [youth.pk],
        "submitter_name": "Awa",
    }


@pytest.mark.django_db(transaction=True)
def test_accept_change_request_leaves_out_an_audience_deleted_since():
    """The foreign key is checked when the service's transaction commits:
    this test lets it commit (``IntegrityError`` before the fix)."""
    youth, gone = AudienceFactory(name="Jeunes"), AudienceFactory(name="Seniors")
    change = ChangeRequestFactory(
        proposed={"phone": "01 11", "audiences": [youth.pk, gone.pk]}
    )
    gone.delete()

    organisation = services.accept_change_request(change_request=change, by=None)

    change.refresh_from_db()
    links = Organisation.audiences.through.objects.filter(organisation=organisation)
    assert (
        organisation.phone,
        list(links.values_list("audience_id", flat=True)),
        change.status,
    ) == ("01 11", [youth.pk], "accepted")


def test_delete_vocabulary_entry_records_it_in_each_organisation_history():
    coordinator = CoordinatorFactory()
    seniors = AudienceFactory(name="Seniors")
    organisation = OrganisationFactory()
    organisation.audiences.add(seniors)

    services.delete_vocabulary_entry(entry=seniors, by=coordinator)

    latest = organisation.history.order_by("-history_id").first()
    assert (
        list(organisation.audiences.all()),
        latest.history_user,
        latest.history_change_reason,
    ) == ([], coordinator, "«\u00a0Seniors\u00a0» supprimé du vocabulaire")
