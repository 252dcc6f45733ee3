"""SVG charts drawn on the server, for PDFs (WeasyPrint runs no JavaScript).

Each chart carries a ``<title>`` and an ``aria-label``; documents show the
same figures in a table next to it for readers who cannot see the chart.
"""

import re

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
_LEGEND_ID = re.compile(r' id="activate-serie-\d+"')

PALETTE = ["#1f4e79", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#ad1457"]


def horizontal_bar_chart(
    rows: list[tuple[str, float]],
    *,
    title: str = "",
    width: int = 480,
    bar_height: int = 18,
    gap: int = 6,
    label_width: int = 170,
) -> SafeString:
    """One bar a row, labelled, with its value at the end of the bar."""
    values = [float(value or 0) for _label, value in rows]
    largest = max(values, default=0) or 1
    plot_width = width - label_width - 50
    height = max(1, len(rows)) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for index, ((label, _value), value) in enumerate(zip(rows, values, strict=True)):
        y = gap + index * (bar_height + gap)
        bar = max(1.0, plot_width * value / largest) if value else 0
        colour = PALETTE[index % len(PALETTE)]
        # Coordinates are written with a dot (f-strings never localise); the
        # value people read follows the language: "1 155", "3,5" in French.
        shown = floatformat(value, "-1g")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" '
            f'text-anchor="end" font-size="10">{escape(str(label)[:32])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" '
            f'height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 5}" '
            f'font-size="10">{shown}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def pygal_chart(
    chart_class, *, title: str, width: int = 560, height: int = 300, **config
):
    """A pygal chart set up for documents: no JavaScript (WeasyPrint runs
    none), the palette above, French number formatting ("1 155", "3,5").

    Add series with ``chart.add(label, values)`` and give it to ``render``.
    pygal (Kozea, who also make WeasyPrint) draws lines over editions,
    stacked Likert bars and target-against-actual bars; the plain bars above
    stay hand-drawn because they are the only ones that predate it.
    """
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#999",
        colors=tuple(PALETTE),
        font_family="DejaVu Sans, sans-serif",
        title_font_size=13,
        label_font_size=10,
        major_label_font_size=10,
        legend_font_size=10,
        value_font_size=9,
    )
    chart = chart_class(
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        width=width,
        height=height,
        title=title,
        style=style,
        formatter=lambda value: floatformat(value, "-1g") if value is not None else "",
        print_values=False,
        show_legend=True,
        legend_at_bottom=True,
        **config,
    )
    return chart


def render(chart) -> SafeString:
    """The chart's SVG, with a label for screen readers (its title).

    pygal writes its configuration in a ``<script>`` for its browser
    tooltips, and numbers the legends' ids from 0 in every chart: neither is
    of use in a PDF, and the second repeats ids when a document holds several
    charts.
    """
    svg = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", svg)
    svg = _LEGEND_ID.sub("", svg)
    title = escape(chart.config.title or "")
    svg = svg.replace(
        'class="pygal-chart"',
        f'class="pygal-chart chart" role="img" aria-label="{title}"',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - pygal escapes the labels it writes
