"""French pages: plurals in French for every count, numbers in markup never
localised, numbers people read grouped by thousands."""

import datetime as dt
import re
import zoneinfo

from django.urls import reverse
from django.utils import translation

from reports.charts import horizontal_bar_chart
from tests.factories import EventFactory, EventSeriesFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NNBSP = "\u202f"  # French thousands separator: a narrow no-break space


def _series_of_five():
    series = EventSeriesFactory(title="Rencontres Agir ensemble")
    for year, count in zip(range(2009, 2014), (120, 322, 515, 700, 1155), strict=True):
        EventFactory(
            series=series,
            starts_at=dt.datetime(year, 10, 8, 10, tzinfo=PARIS),
            participant_count=count,
        )
    return series


def test_a_count_of_five_is_said_in_french(client, coordinator):
    _series_of_five()
    client.force_login(coordinator)

    response = client.get(reverse("events:orga_series_list"), HTTP_ACCEPT_LANGUAGE="fr")

    assert "5 éditions" in response.text
    assert "5 editions" not in response.text


def test_the_french_series_chart_writes_its_coordinates_with_a_dot(client, coordinator):
    series = _series_of_five()
    client.force_login(coordinator)

    response = client.get(
        reverse("events:orga_series_detail", args=[series.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    svg = response.text[response.text.index("<svg") : response.text.index("</svg>")]
    assert 'x="71.4"' in svg
    assert not re.search(r'(?:x|y|width|height|x1|x2|y1|y2)="[^"]*,', svg)
    # What people read is French: the largest edition, grouped by thousands.
    assert f">1{NNBSP}155</text>" in svg
    assert f'<td class="text-end">1{NNBSP}155</td>' in response.text


def test_pdf_bar_chart_values_follow_the_language_and_coordinates_do_not():
    rows = [("Très satisfait", 1155.0), ("Satisfait", 3.5)]

    with translation.override("fr"):
        french = horizontal_bar_chart(rows)
    with translation.override("en"):
        english = horizontal_bar_chart(rows)

    assert f">1{NNBSP}155</text>" in french and ">3,5</text>" in french
    assert ">1,155</text>" in english and ">3.5</text>" in english
    assert not re.search(r'(?:x|y|width|height)="[^"]*,', french)
