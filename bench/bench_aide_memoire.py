"""Aide-mémoire: pages per organisation, the memo against the old layout.

    .venv/bin/python bench/bench_aide_memoire.py [--sizes 100,1000]

For N organisations with a realistic entry (a mission of about thirty words,
two audiences, a theme, an address, a phone, an e-mail, a site and two
contacts), each size on a throw-away SQLite database in a fresh process:

- "memo": the aide-mémoire as the pipeline renders it now (who does what,
  each organisation once, two columns, indexes by audience and by commune);
- "before": the layout it replaced (one table per audience, each
  organisation repeated under each of its audiences, 60 a piece), rendered
  by the same pipeline from ``bench/aide_memoire_before.html``. Reference
  measured on the real directory before the change: 437 organisations gave
  235 pages (0.54 a page).

Prints pages, pages per organisation and organisations per page (PDF page
count read with pypdf), and for the memo the pages holding the entries
(found by the PDF's bookmarks: from the first entry to the last, without the
cover, the contents and the indexes) with organisations per such page, the
measure of issue 14's "at least 12 organisations a page".
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import child_step, run_json  # noqa: E402
from figures import report_figure  # noqa: E402

# An entry's bookmark: its number, then the organisation's name.
ENTRY_TITLE = re.compile(r"^\d+ ")
BEFORE_TEMPLATE = Path(__file__).resolve().parent / "aide_memoire_before.html"
MISSION = (
    "Accueille, informe et accompagne les habitants dans leurs démarches "
    "d'accès aux droits, à l'emploi, au logement et à la santé ; anime des "
    "ateliers collectifs et oriente vers les partenaires du territoire."
)
COMMUNES = ["Meaux", "Provins", "Melun", "Chelles", "Le Mée-sur-Seine", "Torcy"]
AUDIENCES = ["Seniors", "Jeunes", "Familles", "Bénévoles", "Tout public"]


def populate(spec: dict) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from partners.models import Audience, Membership, Organisation, Person, Theme

    audiences = [Audience.objects.create(name=name) for name in AUDIENCES]
    theme = Theme.objects.create(name="Accès aux droits")
    for n in range(spec["size"]):
        organisation = Organisation.objects.create(
            name=f"Association n° {n:04d} pour le lien social",
            acronym=f"ALS{n}",
            mission=MISSION,
            commune=COMMUNES[n % len(COMMUNES)],
            postal_code="77100",
            address=f"{n} rue de la République",
            email=f"contact{n}@association-lien-social.example.org",
            phone="01 60 00 00 00",
            website=f"https://association-{n}.example.org",
        )
        organisation.audiences.add(audiences[n % 5], audiences[(n + 2) % 5])
        organisation.themes.add(theme)
        for k in range(2):
            person = Person.objects.create(
                first_name="Camille",
                last_name=f"Martin {n}-{k}",
                email=f"camille{n}{k}@example.org",
                phone="06 00 00 00 00",
                directory_consent=True,
            )
            Membership.objects.create(
                person=person, organisation=organisation, function="Coordinatrice"
            )
    return {"size": spec["size"]}


def old_plan(builder, parameters):
    """The plan of the layout before issue 14: grouped by audience, each
    organisation repeated in each of its audiences, 60 a piece."""
    from partners.documents import index_by_audience, organisations_for_aide_memoire
    from reports.registry import Plan, Section

    organisations = list(organisations_for_aide_memoire(parameters))
    sections = []
    for number, (name, members) in enumerate(index_by_audience(organisations), 1):
        for start in range(0, len(members), 60):
            first = start == 0
            sections.append(
                Section(
                    context={
                        "group": name,
                        "organisations": members[start : start + 60],
                        "continued": not first,
                        "anchor": f"groupe-{number}" if first else "",
                        "count": len(members),
                    },
                    title=name if first else "",
                    anchor=f"groupe-{number}" if first else "",
                    weight=len(members[start : start + 60]),
                )
            )
    return Plan(
        title="Aide-mémoire",
        subtitle="",
        organiser_name="Maillage",
        context={"organisation_count": len(organisations), "kinds": []},
        sections=sections,
        estimated_pages=2 + len(organisations) // 7,
    ), 60


def measure(case: dict) -> dict:
    from django.template import engines
    from django.utils import translation
    from pypdf import PdfReader

    from reports.registry import get_builder
    from reports.rendering import DocumentRenderer

    translation.activate("fr")
    builder = get_builder("aide-memoire")
    parameters = builder.clean_parameters({})
    if case["layout"] == "before":
        plan, limit = old_plan(builder, parameters)
        template = engines["django"].from_string(BEFORE_TEMPLATE.read_text())

        class Renderer(DocumentRenderer):
            def html(self, **kwargs):
                return template.render(
                    {
                        **self.base_context,
                        "sections": kwargs.get("sections", []),
                        "show_front": kwargs.get("show_front", True),
                        "show_back": kwargs.get("show_back", True),
                        "show_toc": kwargs.get("show_toc", False),
                        "toc": list(kwargs.get("toc", ())),
                        "css_page_numbers": kwargs.get("css_page_numbers", True),
                        "explicit_toc_pages": kwargs.get("explicit_toc_pages", False),
                    }
                )

    else:
        plan, limit = builder.plan(None, parameters), builder.section_weight_limit
        Renderer = DocumentRenderer
    rendered = Renderer(
        template_name=builder.template_name,
        plan=plan,
        language="fr",
        weight_limit=limit,
    ).render()
    reader = PdfReader(io.BytesIO(rendered.pdf))
    return {"pages": len(reader.pages), "outline": outline_pages(reader)}


def outline_pages(reader) -> list[tuple[str, int]]:
    """The PDF's bookmarks (its headings) with their page numbers, from 1."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def entry_pages(outline: list) -> int:
    """The pages holding the organisations' entries (not the cover, the
    contents or the indexes): from the first entry's bookmark ("1 Name")
    to the last one's."""
    pages = [page for title, page in outline if ENTRY_TITLE.match(title)]
    return max(pages) - min(pages) + 1 if pages else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if child_step(args, populate=populate, measure=measure):
        return
    print(
        f"{'organisations':>13} {'layout':<8} {'pages':>6} {'pages/orga':>10} "
        f"{'orgas/page':>10} {'entry pages':>11} {'orgas/entry page':>16}",
        flush=True,
    )
    for size in [int(s) for s in args.sizes.split(",") if s]:
        with tempfile.TemporaryDirectory(prefix="bench-aide-memoire-") as tmp:
            workdir = Path(tmp)
            run_json(__file__, workdir, "--populate", json.dumps({"size": size}))
            counted = {}
            for layout in ("before", "memo"):
                result = run_json(
                    __file__, workdir, "--measure", json.dumps({"layout": layout})
                )
                pages = counted[layout] = result["pages"]
                entries = entry_pages(result["outline"]) if layout == "memo" else 0
                per_entry_page = f"{size / entries:>16.1f}" if entries else f"{'':>16}"
                print(
                    f"{size:>13} {layout:<8} {pages:>6} {pages / size:>10.3f} "
                    f"{size / pages:>10.1f} {entries or '':>11} {per_entry_page}",
                    flush=True,
                )
            report_figure(
                f"aide-mémoire, {size} organisations: pages, memo vs before",
                figure=counted["memo"],
                baseline=counted["before"],
                unit="pages",
                higher_is_better=False,
            )
            report_figure(
                f"aide-mémoire, {size} organisations: pages per organisation",
                figure=counted["memo"] / size,
                baseline=counted["before"] / size,
                unit="pages/organisation",
                higher_is_better=False,
            )
    print("reference before the change: 437 organisations, 235 pages (0.538)")


if __name__ == "__main__":
    main()
