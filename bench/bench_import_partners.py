"""Importing 10,000 organisations from CSV against a plain ``bulk_create``.

Both run in the same process on the same database, one after the other:

1. baseline: the CSV parsed with the ``csv`` module and the rows inserted with
   ``Organisation.objects.bulk_create`` (no validation, no history, no
   audiences or themes);
2. ours: ``OrganisationResource.import_file`` — encoding and separator
   detection, validation of every row (RNA, SIRET with Luhn, e-mail, URL),
   duplicate matching, history records, audiences and themes;
3. for information, the same file imported again (10,000 updates).

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import setup_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
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
    # The best of a few alternating rounds: the machine may be busy.
    base, ours_time, again_time = min(bases), min(creations), min(updates)
    ratio = ours_time / base
    print(f"database: {connection.vendor}, rows: {ROWS}, best of {ROUNDS} rounds")
    print(f"plain bulk_create:             {base:6.2f} s")
    print(f"import_partners (creations):   {ours_time:6.2f} s  ({summary})")
    print(f"import_partners (updates):     {again_time:6.2f} s  ({again_summary})")
    print(f"ratio (import / bulk_create):  {ratio:6.2f}  (aim: at most 3)")


if __name__ == "__main__":
    main()
