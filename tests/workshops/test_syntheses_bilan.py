"""The ateliers' syntheses in the event's bilan, and in the demo (seeds/003)."""

import pytest

from evaluations.documents_bilan import edition_bilan
from events import demo as events_demo
from partners import demo as partners_demo
from tests.evaluations.test_bilan import html
from tests.factories import EventFactory, WorkshopSynthesisFactory
from workshops import demo
from workshops.models import WorkshopSynthesis

pytestmark = pytest.mark.django_db


def test_bilan_holds_the_syntheses_of_the_ateliers():
    event = EventFactory(title="Journée inter-associative")
    WorkshopSynthesisFactory(
        workshop__event=event,
        workshop__title="Évaluer un projet de lien social",
        recommendations="Proposer un cadre logique flexible aux mécènes",
        resources="Plateforme PIX https://pix.fr",
    )

    page = html("bilan", event)

    assert "Synthèses des ateliers" in page
    assert "Évaluer un projet de lien social" in page
    assert "Proposer un cadre logique flexible aux mécènes" in page
    assert "https://pix.fr" in page


def test_bilan_without_synthesis_has_no_such_section():
    event = EventFactory()
    WorkshopSynthesisFactory(
        workshop__event=event,
        key_points="",
        recommendations="",
        resources="",
        success_indicators="",
    )
    assert "Synthèses des ateliers" not in html("bilan", event)


def test_the_syntheses_cost_one_query_however_many(django_assert_num_queries):
    event = EventFactory()
    for _ in range(4):
        WorkshopSynthesisFactory(workshop__event=event)
    with django_assert_num_queries(1):
        from workshops.syntheses import event_syntheses

        assert len(event_syntheses(event)) == 4
    assert len(edition_bilan(event, with_charts=False).syntheses) == 4


def test_demo_gives_the_three_ateliers_their_syntheses_from_seed_003():
    partners_demo.load()
    events_demo.load()
    demo.load()
    demo.load()  # idempotent
    syntheses = {
        s.workshop.title: s
        for s in WorkshopSynthesis.objects.filter(
            workshop__event__slug=demo.EVENT_SLUG
        ).select_related("workshop")
    }
    assert len(syntheses) == 3
    numeric = syntheses["Le numérique au service du lien social"]
    assert "Parrains Par Mille" in numeric.recommendations
    assert any(r.url == "https://pix.fr" for r in numeric.resource_list)
    assert "coacteurs" in syntheses["Pérenniser le lien"].success_indicators
    assert "cadre logique" in syntheses["Évaluer un projet de lien social"].key_points


def test_a_changed_synthesis_makes_a_new_bilan():
    from reports.registry import PDF_BUILDERS

    synthesis = WorkshopSynthesisFactory()
    event = synthesis.workshop.event
    before = PDF_BUILDERS["bilan"].source_version(event, {})
    WorkshopSynthesis.objects.filter(pk=synthesis.pk).update(
        updated_at=synthesis.updated_at.replace(year=synthesis.updated_at.year + 1)
    )
    assert PDF_BUILDERS["bilan"].source_version(event, {}) != before
