import pytest
from django.utils import timezone

from core.extensions import event_public_links
from evaluations import demo, models
from evaluations.models import Answer, Questionnaire, Response

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Questionnaire.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        models.Testimonial.objects.count(),
    )


def test_demo_load_is_idempotent_and_deterministic():
    demo.load()
    first = _counts()
    values = list(Answer.objects.order_by("pk").values_list("int_value", flat=True))

    demo.load()

    assert _counts() == first
    assert (
        values[:50]
        == list(Answer.objects.order_by("pk").values_list("int_value", flat=True))[:50]
    )


def test_demo_has_answers_quotes_and_an_open_questionnaire_linked_from_its_event():
    demo.load()

    journee = Questionnaire.objects.get(
        event__title__icontains="inter-associative 2017"
    )
    rencontres = Questionnaire.objects.get(event__title__icontains="Agir ensemble 2013")
    signatures = sorted(t.signature for t in models.Testimonial.objects.all())
    open_ones = [q for q in Questionnaire.objects.all() if q.is_open]

    assert journee.responses.count() >= 200
    assert rencontres.responses.count() >= 200
    assert signatures == ["Bethan – Dons Solidaires", "Margot – AGORAé"]
    assert len(open_ones) == 1
    assert [link.url for link in event_public_links(open_ones[0].event)] == [
        open_ones[0].get_public_url()
    ]


def test_demo_answers_to_anonymous_questionnaires_keep_their_day_only():
    demo.load()

    anonymous = Response.objects.filter(questionnaire__is_anonymous=True)
    assert anonymous.exists()
    assert {
        timezone.localtime(moment).time().isoformat()
        for moment in anonymous.values_list("submitted_at", flat=True)
    } == {"00:00:00"}
