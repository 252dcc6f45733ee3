"""Two evaluations side by side: what changed between two snapshots.

``compare(a, b)`` takes two snapshots (``evaluations.funding.snapshot`` or a
frozen ``EvaluationVersion.snapshot``) and returns the lines of the four
parts, each with both values and whether it is unchanged, changed, added or
removed. Lists (sub-objectives, results, indicators, periods, unexpected
results, improvement points) are aligned in order by their title, so that an
inserted row does not make every following one look changed, and a row
renamed in place is one changed line rather than a removal and an addition.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .achievement import Achievement
from .funding import read_decimal
from .models import ImprovementPoint, Indicator, UnexpectedResult

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


@dataclass
class Line:
    """One row of the comparison. ``heading`` rows name an item (a
    sub-objective, an indicator…); the others are one of its fields."""

    label: str
    a: str
    b: str
    status: str = SAME
    depth: int = 0
    heading: bool = False

    @property
    def changed(self) -> bool:
        return self.status != SAME


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)

    @property
    def change_count(self) -> int:
        return sum(1 for line in self.lines if line.changed and not line.heading)


@dataclass
class Comparison:
    sections: list[Section]

    @property
    def change_count(self) -> int:
        return sum(section.change_count for section in self.sections)

    @property
    def has_changes(self) -> bool:
        return any(line.changed for s in self.sections for line in s.lines)


# -- Values as shown ------------------------------------------------------


def _number(value) -> str:
    if value in (None, ""):
        return ""
    number = read_decimal(value)
    if number is None:
        return str(value)
    return number_format(number.normalize(), use_l10n=True, force_grouping=True)


def _choice(choices):
    def show(value) -> str:
        if not value:
            return ""
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)

    return show


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _breakdown(value) -> str:
    if not value:
        return ""
    rows = value.get("rows", []) if isinstance(value, dict) else []
    return " ; ".join(
        f"{row.get('label', '')} : {_number(row.get('value'))}" for row in rows
    )


def _period(value) -> str:
    if not value:
        return ""
    return " – ".join(_date(day) for day in value)


def _date(value) -> str:
    try:
        year, month, day = str(value).split("-")
    except ValueError:
        return str(value)
    return f"{day}/{month}/{year}"


def _fields():
    """The fields compared, per kind of item: (key, label, how to show it)."""
    return {
        "project": [
            ("title", pgettext("project", "Title"), _text),
            ("period", _("Period"), _period),
            ("amount_granted", _("Amount granted (€)"), _number),
            ("funders", _("Funders"), _text),
            ("general_objective", _("General objective"), _text),
        ],
        "indicator": [
            ("measure", _("Measure"), _choice(Indicator.Measure)),
            ("unit", _("Unit"), _text),
            ("direction", _("Direction"), _choice(Indicator.Direction)),
            ("computation", _("Source of the value"), _choice(Indicator.Computation)),
            ("disaggregation", _("Disaggregation"), _choice(Indicator.Disaggregation)),
            ("baseline_value", _("Baseline value"), _number),
            ("baseline_year", _("Baseline year"), _text),
            ("target", _("Overall target"), _number),
            ("target_text", _("Qualitative target"), _text),
        ],
        "period": [
            ("event", _("Edition"), _text),
            ("year", _("Year"), _text),
            ("target", _("Target"), _number),
            ("actual", _("Actual"), _number),
            ("actual_text", _("Qualitative actual"), _text),
            ("achievement", _("Achievement"), _choice(Achievement)),
            ("source", _("Source of verification"), _text),
            ("collection_method", _("Collection method"), _text),
            ("computation_note", _("How it was computed"), _text),
            ("breakdown", _("Breakdown"), _breakdown),
            ("comment", _("Comment"), _text),
            ("evidence", _("Evidence"), _text),
            ("author", _("Entered by"), _text),
        ],
    }


# -- Alignment ------------------------------------------------------------


def _align(left: list[dict], right: list[dict], key: str):
    """Pairs ``(a item or None, b item or None)`` in order, matched by
    ``key``; a block replaced by as many rows pairs them one to one."""
    matcher = SequenceMatcher(
        a=[str(item.get(key, "")) for item in left],
        b=[str(item.get(key, "")) for item in right],
        autojunk=False,
    )
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(left[i1:i2], right[j1:j2], strict=True))
        else:
            pairs += [(item, None) for item in left[i1:i2]]
            pairs += [(None, item) for item in right[j1:j2]]
    return pairs


def _status(a, b) -> str:
    if a is None:
        return ADDED
    if b is None:
        return REMOVED
    return SAME


def _field_lines(a, b, fields, depth) -> list[Line]:
    lines = []
    for key, label, show in fields:
        left = show(a.get(key)) if a is not None else ""
        right = show(b.get(key)) if b is not None else ""
        if not left and not right:
            continue
        status = _status(a, b)
        if status == SAME and left != right:
            status = CHANGED
        lines.append(Line(str(label), left, right, status, depth))
    return lines


def _item_lines(a, b, *, key, label, depth, children) -> list[Line]:
    """A heading line for an item, then its fields and sub-items."""
    status = _status(a, b)
    title_a = _text(a.get(key)) if a is not None else ""
    title_b = _text(b.get(key)) if b is not None else ""
    if status == SAME and title_a != title_b:
        status = CHANGED
    lines = [Line(str(label), title_a, title_b, status, depth, heading=True)]
    lines += children(a, b)
    return lines


def _list_lines(left, right, *, key, label, depth, children=None) -> list[Line]:
    lines = []
    for a, b in _align(left or [], right or [], key):
        lines += _item_lines(
            a,
            b,
            key=key,
            label=label,
            depth=depth,
            children=children or (lambda a, b: []),
        )
    return lines


# -- The comparison -------------------------------------------------------


def compare(a: dict, b: dict) -> Comparison:
    """The four parts of two evaluation snapshots, line by line."""
    fields = _fields()

    def periods(ia, ib):
        return _list_lines(
            (ia or {}).get("periods"),
            (ib or {}).get("periods"),
            key="label",
            label=_("Period"),
            depth=4,
            children=lambda pa, pb: _field_lines(pa, pb, fields["period"], 5),
        )

    def indicators(ra, rb):
        return _list_lines(
            (ra or {}).get("indicators"),
            (rb or {}).get("indicators"),
            key="name",
            label=_("Indicator"),
            depth=3,
            children=lambda ia, ib: (
                _field_lines(ia, ib, fields["indicator"], 4) + periods(ia, ib)
            ),
        )

    def results(sa, sb):
        return _list_lines(
            (sa or {}).get("results"),
            (sb or {}).get("results"),
            key="title",
            label=_("Expected result"),
            depth=2,
            children=indicators,
        )

    expected = Section(_("1. Expected achievements"))
    expected.lines = _field_lines(a, b, fields["project"], 0) + _list_lines(
        a.get("sub_objectives"),
        b.get("sub_objectives"),
        key="title",
        label=_("Sub-objective"),
        depth=1,
        children=results,
    )

    unexpected = Section(_("2. Unexpected achievements"))
    unexpected.lines = _list_lines(
        a.get("unexpected_results"),
        b.get("unexpected_results"),
        key="description",
        label=_("Unexpected result"),
        depth=0,
        children=lambda ua, ub: _field_lines(
            ua, ub, [("effect", _("Effect"), _choice(UnexpectedResult.Effect))], 1
        ),
    )

    improvements = Section(_("3. Ways to improve"))
    improvements.lines = _list_lines(
        a.get("improvement_points"),
        b.get("improvement_points"),
        key="description",
        label=_("Point"),
        depth=0,
        children=lambda pa, pb: _field_lines(
            pa, pb, [("kind", _("Kind"), _choice(ImprovementPoint.Kind))], 1
        ),
    )

    relationship = Section(_("4. The partner relationship"))
    relationship.lines = _field_lines(
        a.get("relationship") or {},
        b.get("relationship") or {},
        [
            ("expectations", _("Expectations towards the funder"), _text),
            ("assessment", _("Assessment of the partner relationship"), _text),
        ],
        0,
    )
    return Comparison([expected, unexpected, improvements, relationship])
