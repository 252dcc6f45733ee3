"""``{% samefragment key %}``: rendered once per key and place, never for None."""

import itertools

from django.template import Context, Engine

ENGINE = Engine(libraries={"fragments": "core.templatetags.fragments"})
SOURCE = (
    "{% load fragments %}"
    "{% samefragment key %}a{{ count }}{% endsamefragment %}|"
    "{% samefragment key %}b{{ count }}{% endsamefragment %}"
)


def _render(template, key, counter):
    return template.render(Context({"key": key, "count": counter}))


def test_a_piece_is_rendered_once_per_key_and_each_tag_keeps_its_own():
    template = ENGINE.from_string(SOURCE)
    counter = itertools.count()

    class Counter:
        def __str__(self):
            return str(next(counter))

    first = _render(template, ("samefragment-test", 1), Counter())
    again = _render(template, ("samefragment-test", 1), Counter())
    other = _render(template, ("samefragment-test", 2), Counter())

    assert first == "a0|b1"
    assert again == first
    assert other == "a2|b3"


def test_no_key_renders_each_time():
    template = ENGINE.from_string(SOURCE)

    assert _render(template, None, 1) == "a1|b1"
    assert _render(template, None, 2) == "a2|b2"


def test_two_templates_with_the_same_key_never_share_their_pieces():
    one = ENGINE.from_string(
        "{% load fragments %}{% samefragment key %}one{% endsamefragment %}"
    )
    two = ENGINE.from_string(
        "{% load fragments %}{% samefragment key %}two{% endsamefragment %}"
    )

    assert one.render(Context({"key": "same"})) == "one"
    assert two.render(Context({"key": "same"})) == "two"
