import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import translation

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _render(source: str, **context) -> str:
    return Template("{% load maillage %}" + source).render(Context(context))


def test_quand_writes_french_dates_like_the_minutes_do():
    moment = dt.datetime(2017, 12, 5, 18, 0, tzinfo=PARIS)

    with translation.override("fr"):
        text = _render("{{ moment|quand }}", moment=moment)

    assert text == "mardi 5 décembre 2017 à 18 h"


def test_quand_keeps_minutes_and_converts_to_paris_time():
    moment = dt.datetime(2012, 1, 5, 8, 30, tzinfo=dt.UTC)

    with translation.override("fr"):
        text = _render("{{ moment|quand }}", moment=moment)

    assert text == "jeudi 5 janvier 2012 à 9 h 30"


def test_euros_in_french_format():
    with translation.override("fr"):
        text = _render("{{ amount|euros }}", amount="1234.5")

    assert text == "1\u202f234,50\u00a0€"
