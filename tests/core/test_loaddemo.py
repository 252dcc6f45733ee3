import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from core.models import User
from partners.models import Organisation

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def test_loaddemo_creates_one_user_per_role_with_the_given_password():
    _load("--password", "Demo-2026!")

    users = {u.username: sorted(u.role_names) for u in User.objects.all()}
    assert users == {
        "demo-coordination": ["coordinateur"],
        "demo-financeur": ["financeur"],
        "demo-partenaire": ["partenaire"],
    }
    assert authenticate(username="demo-financeur", password="Demo-2026!") is not None


def test_loaddemo_prints_random_passwords_that_work():
    output = _load()

    passwords = dict(re.findall(r"^\s+(demo-\S+)\s+(\S+)", output, flags=re.M))
    assert sorted(passwords) == [
        "demo-coordination",
        "demo-financeur",
        "demo-partenaire",
    ]
    assert authenticate(
        username="demo-coordination", password=passwords["demo-coordination"]
    )


def test_loaddemo_is_idempotent():
    _load("--password", "x")
    counts = (User.objects.count(), Organisation.objects.count())

    _load("--password", "x")

    assert (User.objects.count(), Organisation.objects.count()) == counts


def test_demo_funder_belongs_to_fondation_monoprix():
    _load("--password", "x")

    funder = User.objects.get(username="demo-financeur")
    assert [o.name for o in funder.organisations.all()] == ["Fondation Monoprix"]


def test_the_demo_holds_each_organisation_once():
    """The demos of each app name the CCAS d'Angers differently (its name,
    its acronym): it is one organisation of the directory."""
    from django.db.models import Q

    _load("--password", "x")

    ccas = Organisation.objects.filter(
        Q(name="CCAS d'Angers") | Q(acronym="CCAS d'Angers")
    )
    assert ccas.count() == 1
    from evaluations.models import FundedProject

    subsidy = FundedProject.objects.get(funders__in=ccas)
    assert "CCAS d'Angers" in subsidy.title
