"""``deletion_summary``: what a delete would take with it, unlink, or be
refused by — Django's own collector, so it follows ``on_delete`` exactly."""

import pytest

from core.confirm import deletion_summary
from tests.factories import (
    AgendaPointFactory,
    AttendanceFactory,
    DecisionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_cascaded_rows_are_counted_by_kind_without_the_object_itself():
    speaker = SpeakerFactory()
    SpeakerFactory(agenda_item=speaker.agenda_item)

    summary = deletion_summary(speaker.agenda_item)

    assert summary.cascaded == [("intervenant·es", 2)]
    assert summary.unlinked == []
    assert not summary.is_protected


def test_set_null_rows_are_unlinked_not_deleted():
    point = AgendaPointFactory()
    DecisionFactory(event=point.event, agenda_point=point)

    summary = deletion_summary(point)

    assert summary.cascaded == []
    assert summary.unlinked == [("décision", 1)]


def test_a_protecting_row_makes_the_delete_protected():
    attendance = AttendanceFactory()

    summary = deletion_summary(attendance.person)

    assert summary.is_protected
    assert summary.protected == [("présence", 1)]
