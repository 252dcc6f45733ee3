"""core.cache: Django's Redis cache with one client per connection pool."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from redis.exceptions import RedisError

from core.cache import RedisCache


def test_one_client_per_pool_is_built_once_and_reused():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})

    client = cache._cache.get_client("key")

    assert client is cache._cache.get_client("other key")
    assert client is cache._cache.get_client("key", write=True)
    assert client.connection_pool is cache._cache._get_connection_pool(False)


def test_with_replicas_reads_and_writes_keep_their_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()

    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert reader.connection_pool.connection_kwargs["port"] == 6380
    assert reader is cache._cache.get_client()
    assert writer is cache._cache.get_client(write=True)


def test_settings_with_redis_url_use_this_backend():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "core.cache.RedisCache", result.stderr


# -- Failing soft -------------------------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would submit with the page's forms, as shown."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(response, **values) -> dict:
    parser = _FormFields()
    parser.feed(response.text)
    data = {name: v if len(v) > 1 else v[0] for name, v in parser.fields.items()}
    return {**data, **values}


@pytest.fixture
def redis_down(settings):
    """The cache is a Redis that does not answer (nothing listens on port 1)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import cache

    with pytest.raises(RedisError):
        cache._cache.get_client().ping()


@pytest.mark.django_db
def test_without_redis_the_registration_page_answers_and_registers(client, redis_down):
    from events.models import Registration
    from tests.factories import EventFactory

    EventFactory(slug="agir-ensemble-2013", is_registration_open=True)
    url = "/e/agir-ensemble-2013/inscription/"

    page = client.get(url)
    response = client.post(
        url,
        form_data(
            page,
            first_name="Annie",
            last_name="Marchand",
            email="annie@example.org",
            status=Registration.Status.VOLUNTEER,
            consent="on",
        ),
    )

    assert (page.status_code, response.status_code) == (200, 302)
    assert list(Registration.objects.values_list("email", flat=True)) == [
        "annie@example.org"
    ]


@pytest.mark.django_db
def test_without_redis_the_questionnaire_answers_and_stores_the_response(
    client, redis_down
):
    from evaluations.models import Answer, Question
    from tests.factories import QuestionFactory

    question = QuestionFactory(kind=Question.Kind.SATISFACTION, is_required=True)
    url = f"/q/{question.questionnaire.token}/"

    page = client.get(url)
    response = client.post(url, form_data(page, **{f"q{question.pk}": "5"}))

    assert (page.status_code, response.status_code) == (200, 302)
    assert list(Answer.objects.values_list("int_value", flat=True)) == [5]


@pytest.mark.django_db
def test_without_redis_a_coordinator_edit_saves(client, coordinator, redis_down):
    from events.models import Event
    from tests.factories import EventFactory

    event = EventFactory(title="Rencontres 2013", is_registration_open=True)
    client.force_login(coordinator)
    url = reverse("events:orga_event_update", args=[event.pk])

    page = client.get(url)
    response = client.post(url, form_data(page, title="Rencontres Agir ensemble"))

    assert (page.status_code, response.status_code) == (200, 302)
    assert Event.objects.get().title == "Rencontres Agir ensemble"


def test_without_redis_reads_miss_and_writes_are_skipped(caplog):
    cache = RedisCache("redis://127.0.0.1:1/0", {})

    assert cache.get_or_set("snapshot", lambda: "from the database", 60) == (
        "from the database"
    )
    assert (cache.add("k", 1), cache.get_many(["k"]), cache.has_key("k")) == (
        False,
        {},
        False,
    )
    assert (cache.delete("k"), cache.set_many({"k": 1}), cache.touch("k")) == (
        False,
        ["k"],
        False,
    )
    with pytest.raises(ValueError):
        cache.incr("hits")  # what a missing key does: counters start again
    assert caplog.text.count("Cache unavailable") == 1  # not once per call
