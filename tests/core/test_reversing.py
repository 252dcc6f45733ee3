"""core.reversing.reverse_cached: reverse, remembered per script prefix."""

from django.test.utils import override_script_prefix
from django.urls import reverse

from core.reversing import reverse_cached


def test_it_gives_what_reverse_gives_whatever_the_order_of_the_arguments():
    expected = reverse(
        "events:public_registration_done",
        kwargs={"slug": "rencontres", "token": "00000000-0000-0000-0000-000000000001"},
    )

    assert (
        reverse_cached(
            "events:public_registration_done",
            slug="rencontres",
            token="00000000-0000-0000-0000-000000000001",
        )
        == reverse_cached(
            "events:public_registration_done",
            token="00000000-0000-0000-0000-000000000001",
            slug="rencontres",
        )
        == expected
    )


def test_each_script_prefix_has_its_own_address():
    addresses = []
    for prefix in ("/", "/maillage/", "/"):
        with override_script_prefix(prefix):
            addresses.append(
                reverse_cached("evaluations:public_questionnaire_thanks", token="abc")
            )

    assert addresses == ["/q/abc/merci/", "/maillage/q/abc/merci/", "/q/abc/merci/"]
