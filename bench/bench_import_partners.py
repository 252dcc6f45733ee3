"""Importing 10,000 organisations from CSV against a plain ``bulk_create``.

Both run in the same process on the same database, one after the other:

1. baseline: the CSV parsed with the ``csv`` module and the rows inserted with
   ``Organisation.objects.bulk_create`` (no validation, no history, no
   audiences or themes);
2. ours: ``OrganisationResource.import_file`` — encoding and separator
   detection, validation of every row (RNA, SIRET with Luhn, e-mail, URL),
   duplicate matching, history records, audiences and themes;
3. for information, the same file imported again (10,000 updates);
4. for information, an RNA département as published (``rna_waldec_*.zip``,
   ISO-8859-1, 39 columns): ``BENCH_RNA_ROWS`` active associations (15,000 by
   default) and a third as many dissolved ones, with the time and the peak of
   Python memory (tracemalloc) of the import.

By default it uses its own SQLite file; ``BENCH_DATABASE_URL=postgres://…``
runs it on PostgreSQL (its own database, created if needed).
Aim: ratio at most 3.
"""

import csv
import io
import os
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import report_figure  # noqa: E402
from bench.harness import setup_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RNA_ROWS = int(os.environ.get("BENCH_RNA_ROWS", "15000"))
KINDS = ["association", "service public", "collectivité", "fondation", "entreprise"]
AUDIENCES = ["Seniors", "Jeunes", "Familles", "Bénévoles"]
THEMES = ["Lien social", "Culture", "Numérique", "Santé"]


def luhn_complete(prefix: str) -> str:
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for index, char in enumerate(reversed(candidate)):
            number = int(char) * (2 if index % 2 else 1)
            total += number - 9 if number > 9 else number
        if total % 10 == 0:
            return candidate
    raise AssertionError(prefix)


def make_csv(rows: int) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(
        [
            "nom",
            "sigle",
            "type",
            "adresse",
            "code_postal",
            "commune",
            "email",
            "telephone",
            "site_web",
            "publics",
            "thematiques",
            "rna",
            "siret",
        ]
    )
    for n in range(rows):
        writer.writerow(
            [
                f"Association n° {n} de l'entraide",
                f"A{n}",
                KINDS[n % len(KINDS)],
                f"{n % 90 + 1} rue de la République",
                f"77{n % 1000:03d}",
                f"Commune {n % 300}",
                f"contact{n}@exemple.org",
                "01 60 00 00 00",
                f"https://asso{n}.exemple.org",
                "|".join(AUDIENCES[: n % 3 + 1]),
                "|".join(THEMES[n % 2 : n % 2 + 2]),
                f"W77{n:07d}",
                luhn_complete(f"{100000000 + n:09d}0001"),
            ]
        )
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def baseline(content: bytes) -> float:
    from partners.models import Organisation

    started = time.perf_counter()
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=row["nom"],
                acronym=row["sigle"],
                address=row["adresse"],
                postal_code=row["code_postal"],
                commune=row["commune"],
                email=row["email"],
                phone=row["telephone"],
                website=row["site_web"],
                rna=row["rna"],
                siret=row["siret"],
            )
            for row in reader
        ],
        batch_size=500,
    )
    return time.perf_counter() - started


def ours(content: bytes) -> tuple[float, str]:
    from partners.resources import OrganisationResource

    started = time.perf_counter()
    plan = OrganisationResource.import_file(content, "bench.csv")
    return time.perf_counter() - started, plan.summary()


def make_rna_zip(rows: int) -> bytes:
    """A département of the RNA as published: a zip of one ``;`` CSV."""
    from partners.importing import RNA_COLUMNS

    lines = [";".join(RNA_COLUMNS)]
    for n in range(rows + rows // 3):
        row = dict.fromkeys(RNA_COLUMNS, "")
        row.update(
            id=f"W77{n:07d}",
            titre=f"AMICALE N° {n} DES LOCATAIRES DE LA CITÉ",
            objet="entraide entre voisins, fêtes de quartier et sorties " * 3,
            adrs_numvoie=str(n % 90 + 1),
            adrs_typevoie="RUE",
            adrs_libvoie="de la République",
            adrs_codepostal=f"77{n % 1000:03d}",
            adrs_libcommune=f"COMMUNE {n % 300}",
            adrg_declarant="M. Jean DUPONT",
            position="A" if n < rows else "D",
        )
        lines.append(";".join(row[column] for column in RNA_COLUMNS))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "rna_waldec_20240101_dpt_77.csv",
            ("\n".join(lines) + "\n").encode("iso-8859-1"),
        )
    return output.getvalue()


def rna_departement(content: bytes) -> tuple[float, float, str]:
    from partners.resources import OrganisationResource

    tracemalloc.start()
    started = time.perf_counter()
    plan = OrganisationResource.import_file(content, "rna_waldec_20240101.zip")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return elapsed, peak, plan.summary()


def clear() -> None:
    from partners.models import Audience, Organisation, Theme

    Organisation.history.all().delete()
    Organisation.objects.all().delete()
    Audience.objects.all().delete()
    Theme.objects.all().delete()


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        folder = Path(tempfile.mkdtemp(prefix="bench-partners-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    setup_django(url)
    from django.db import connection

    content = make_csv(ROWS)
    bases, creations, updates = [], [], []
    for _round in range(ROUNDS):
        clear()
        bases.append(baseline(content))
        clear()
        created, summary = ours(content)
        again, again_summary = ours(content)
        creations.append(created)
        updates.append(again)
    clear()
    rna = make_rna_zip(RNA_ROWS)
    rna_time, rna_peak, rna_summary = rna_departement(rna)
    clear()
    # The best of a few alternating rounds: the machine may be busy.
    base, ours_time, again_time = min(bases), min(creations), min(updates)
    ratio = ours_time / base
    print(f"database: {connection.vendor}, rows: {ROWS}, best of {ROUNDS} rounds")
    print(f"plain bulk_create:             {base:6.2f} s")
    print(f"import_partners (creations):   {ours_time:6.2f} s  ({summary})")
    print(f"import_partners (updates):     {again_time:6.2f} s  ({again_summary})")
    print(f"ratio (import / bulk_create):  {ratio:6.2f}  (aim: at most 3)")
    report_figure(
        f"import of {ROWS} organisations ({connection.vendor}) vs bulk_create",
        figure=ours_time,
        baseline=base,
        unit="s",
        aim=3,
        higher_is_better=False,
    )
    print(
        f"RNA département zip ({len(rna) // 1024} KB): {rna_time:6.2f} s, "
        f"peak {rna_peak:.0f} MB of Python memory ({rna_summary})"
    )


if __name__ == "__main__":
    main()
