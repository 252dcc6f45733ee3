from django.conf import settings
from django.utils import translation

from reports.registry import PDF_BUILDERS, fingerprint
from reports.templatetags.reports_tags import typo


def test_domain_apps_register_the_three_documents():
    assert {"aide-memoire", "compte-rendu", "programme"} <= set(PDF_BUILDERS)


def test_stale_jobs_are_looked_for_every_fifteen_seconds_by_beat():
    assert settings.CELERY_BEAT_SCHEDULE["reports-requeue-stale-jobs"] == {
        "task": "reports.requeue_stale_jobs",
        "schedule": 15.0,
    }


def test_fingerprint_changes_with_the_source_data_and_the_language():
    base = {"kind": "programme", "object_id": "1", "parameters": {}}

    prints = {
        fingerprint(**base, language="fr", source_version="v1"),
        fingerprint(**base, language="fr", source_version="v2"),
        fingerprint(**base, language="en", source_version="v1"),
    }

    assert len(prints) == 3


def test_typo_leaves_english_text_alone_and_escapes_it():
    with translation.override("en"):
        text = typo('Why? "Because" <b>')

    assert text == "Why? &quot;Because&quot; &lt;b&gt;"
