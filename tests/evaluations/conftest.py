import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_rate_limit_counters():
    """Rate-limit counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def satisfaction_questionnaire(db):
    """An open questionnaire built from the ready satisfaction template."""
    from evaluations.services import create_questionnaire
    from tests.factories import EventFactory, QuestionnaireFactory

    event = EventFactory(title="Journée inter-associative 2017")
    questionnaire = create_questionnaire(
        event=event,
        template_key="satisfaction",
        opens_at=QuestionnaireFactory.opens_at.function(),
        closes_at=QuestionnaireFactory.closes_at.function(),
    )
    return questionnaire
