"""``{% samefragment key %}…{% endsamefragment %}``: a piece of a page that is
the same for every visitor with the same ``key``, rendered once per process.

The public forms a phone opens from a QR code (registration, questionnaire)
spent most of their time rendering their fields with crispy-forms, the same
markup for every visitor of an empty form (bench/bench_public_pages.py).
``key`` holds everything the piece depends on (the form's ``rendering_key``:
its fields' structure, the language, the texts shown); ``None`` renders it
each time, as for a form sent back with the visitor's values and errors. The
store is this process's own: a change of the code (a deployment restarts the
processes) or of the data (a new key) never shows a stale piece.
"""

from django import template

register = template.Library()

_FRAGMENTS: dict[tuple, str] = {}
_FRAGMENTS_MAX = 500


def forget_fragments() -> None:
    _FRAGMENTS.clear()


class SameFragmentNode(template.Node):
    def __init__(self, nodelist, key, place):
        self.nodelist = nodelist
        self.key = key
        self.place = place

    def render(self, context):
        key = self.key.resolve(context)
        if key is None:
            return self.nodelist.render(context)
        full_key = (self.place, key)
        fragment = _FRAGMENTS.get(full_key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
                _FRAGMENTS.clear()
            _FRAGMENTS[full_key] = fragment
        return fragment


@register.tag
def samefragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes one argument: the key of what the piece shows."
        )
    # The tag's place: its own for each compiled template (the cached loader
    # compiles a template once per process); two tags never share pieces.
    place = object()
    key = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endsamefragment",))
    parser.delete_first_token()
    return SameFragmentNode(nodelist, key, place)
