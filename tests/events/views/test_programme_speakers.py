"""Speakers added in the programme's own rows: a "+ speaker" per item that
opens a small form, the directory's people suggested accent-blind
(issue 14)."""

import re

import pytest
from django.urls import reverse

from events.models import Speaker
from events.services.rows import add_speaker_named, directory_person_named
from tests.events.test_day_of_event import item, rencontre
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "fr"}


def quick_add(client, event, data):
    return client.post(
        reverse("events:orga_speaker_quick_add", args=[event.pk]), data, **HTMX
    )


def row(html, talk):
    """The markup of ``talk``'s row in the programme."""
    start = html.index(f'data-id="{talk.pk}"')
    ends = [html.find(mark, start + 1) for mark in ('data-id="', "</ol>")]
    return html[start : min(end for end in ends if end > 0)]


def tag(html, pattern):
    """The one tag of ``html`` matching ``pattern`` (a regex inside ``<…>``)."""
    (found,) = re.findall(rf"<{pattern}[^>]*>", html)
    return found


def test_each_row_has_its_own_closed_speaker_form_outside_the_drag_handle(
    client, coordinator
):
    event = rencontre()
    talks = [
        item(event, "Conférence", (14, 15), (15, 30)),
        item(event, "Table ronde", (16, 30), (18,)),
    ]
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_programme", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )

    for talk in talks:
        markup = row(response.text, talk)
        assert tag(markup, "details") == '<details class="speaker-add-row">'
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", markup, re.S).group(1)
        assert " ".join(re.sub("<[^>]+>", "", summary).split()) == (
            f"+ intervenant·e pour « {talk.title} »"
        )
        assert f'name="item" value="{talk.pk}"' in markup
        # The drag handle is a span of its own, closed before the form.
        handle = markup.index('class="drag-handle"')
        assert markup.index("</span>", handle) < markup.index("<details")
    assert 'id="speaker-add"' not in response.text  # the form under the list is gone


def test_a_speaker_added_in_a_row_keeps_that_row_open_and_focused(client, coordinator):
    event = rencontre()
    item(event, "Conférence", (14, 15), (15, 30))
    table = item(event, "Table ronde", (16, 30), (18,))
    client.force_login(coordinator)

    response = quick_add(
        client, event, {"item": table.pk, "speaker": "Martin Hirsch", "title": ""}
    )

    assert [(s.agenda_item, s.name) for s in Speaker.objects.all()] == [
        (table, "Martin Hirsch")
    ]
    markup = row(response.text, table)
    assert tag(markup, "details") == '<details class="speaker-add-row" open>'
    assert "data-focus" in tag(markup, 'input[^>]*name="speaker"')
    assert "Martin Hirsch" in markup


def test_a_speaker_refused_shows_the_error_in_its_row_and_keeps_what_was_typed(
    client, coordinator
):
    event = rencontre()
    other = item(event, "Conférence", (14, 15), (15, 30))
    table = item(event, "Table ronde", (16, 30), (18,))
    client.force_login(coordinator)

    response = quick_add(
        client, event, {"item": table.pk, "speaker": "x" * 151, "title": "sociologue"}
    )

    assert response.status_code == 200
    table_row = row(response.text, table)
    field = tag(table_row, 'input[^>]*name="speaker"')
    assert "is-invalid" in field
    assert f'aria-describedby="speaker-name-{table.pk}-error"' in field
    assert re.search(rf'id="speaker-name-{table.pk}-error">[^<]*150', table_row), (
        table_row
    )
    assert 'value="sociologue"' in tag(table_row, 'input[^>]*name="title"')
    assert tag(row(response.text, other), "details") == (
        '<details class="speaker-add-row">'
    )
    assert Speaker.objects.count() == 0


@pytest.mark.parametrize("wanted", ["", "abc", "9" * 40])
def test_a_speaker_for_no_item_of_this_event_is_a_404(client, coordinator, wanted):
    event, other = rencontre(), rencontre()
    stranger = item(other, "Ailleurs", (14,), (15,))
    client.force_login(coordinator)

    for value in (wanted, stranger.pk):
        response = quick_add(client, event, {"item": value, "speaker": "Annie"})
        assert response.status_code == 404
    assert Speaker.objects.count() == 0


@pytest.mark.parametrize(
    "typed", ["jean-francois", "JEAN FRANÇOIS", "serres jean", "Sérres"]
)
def test_speaker_suggestions_ignore_accents_and_case(client, coordinator, typed):
    PersonFactory(first_name="Jean-François", last_name="Serres")
    PersonFactory(first_name="Serge", last_name="Paugam")
    event = rencontre()
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_speaker_suggest", args=[event.pk]),
        {"speaker": typed},
        **HTMX,
    )

    assert response.text.strip() == '<option value="Jean-François Serres"></option>'


def test_speaker_suggestions_with_junk_answer_nothing(client, coordinator):
    PersonFactory(first_name="Serge", last_name="Paugam")
    event = rencontre()
    client.force_login(coordinator)

    for typed in ("a", "%%", " - ", "é" * 300):
        response = client.get(
            reverse("events:orga_speaker_suggest", args=[event.pk]),
            {"speaker": typed},
            **HTMX,
        )
        assert (response.status_code, response.text.strip()) == (200, "")


def test_a_speaker_typed_without_accents_is_linked_to_the_directory_person():
    serres = PersonFactory(first_name="Jean-François", last_name="Serres")
    PersonFactory(first_name="Jean", last_name="Serre")
    talk = item(rencontre(), "Débat", (10,), (12,))

    speaker = add_speaker_named(item=talk, text="Jean-Francois SERRES")

    assert (speaker.person, speaker.name) == (serres, "")
    assert directory_person_named("serres jean francois") == serres
    assert directory_person_named("Jean Serres") is None
    assert directory_person_named("   ") is None
