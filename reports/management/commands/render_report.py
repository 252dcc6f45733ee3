"""``python manage.py render_report <kind> <object-id>``: queue a PDF and wait.

Kinds: ``compte-rendu`` (object: a meeting's id), ``programme`` (an event's
id), ``aide-memoire`` (the whole directory: give ``all`` or ``0`` as the
object id; ``--param group_by=commune`` and the directory's filters, e.g.
``--param audience=3``, are accepted). ``rapport-evaluation`` (a funded
project's id) renders the live draft, or a version with ``--param version=2``;
``bilan`` comes with the evaluations app. ``plan-de-table`` (an event's id)
takes ``--param size=8 --param rounds=3 --param seed=…``; ``badges`` and
``listes-ateliers`` (an event's id) come with the workshops app. The job goes through the same Celery task as
the web button; the command waits for a worker and prints the stored PDF's
path (or storage name) on its last line. Exits non-zero when the job fails.
"""

import time

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.models import ReportJob
from reports.registry import PDF_BUILDERS, UnknownKind, get_builder
from reports.services import request_report

WHOLE_NETWORK = {"", "0", "all", "tout"}


class Command(BaseCommand):
    help = (
        "Queue a PDF (compte-rendu, programme, aide-memoire…), wait for a "
        "worker and print the stored file's path on the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="compte-rendu, programme, aide-memoire…")
        parser.add_argument(
            "object_id",
            nargs="?",
            default="all",
            help="The meeting or event id; 'all' (or 0) for the directory.",
        )
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="A parameter, e.g. group_by=commune (repeatable).",
        )
        parser.add_argument(
            "--timeout", type=float, default=900, help="Seconds to wait (900)."
        )
        parser.add_argument("--language", default="fr", help="fr (default) or en.")

    def handle(self, *args, kind, object_id, param, timeout, language, **options):
        try:
            builder = get_builder(kind)
        except UnknownKind:
            known = ", ".join(sorted(PDF_BUILDERS)) or "—"
            raise CommandError(
                _("Unknown kind of document: “%(kind)s”. Known kinds: %(known)s.")
                % {"kind": kind, "known": known}
            ) from None
        if builder.model is None:
            if str(object_id).lower() not in WHOLE_NETWORK:
                self.stderr.write(
                    _("“%(kind)s” is about the whole network: id ignored.")
                    % {"kind": kind}
                )
            object_id = ""
        try:
            # The command line runs as the network itself (no user): any object.
            obj = builder.get_object(None, str(object_id))
        except ObjectDoesNotExist:
            raise CommandError(
                _("No object with id %(id)s for “%(kind)s”.")
                % {"id": object_id, "kind": kind}
            ) from None
        parameters = {}
        for item in param:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(
                    _("Malformed parameter: “%(item)s” (KEY=VALUE).") % {"item": item}
                )
            parameters[key.strip()] = value.strip()

        job = request_report(
            kind=kind, obj=obj, user=None, parameters=parameters, language=language
        )
        self.stderr.write(
            _("Job %(id)s: %(status)s…")
            % {"id": job.pk, "status": job.get_status_display()}
        )
        deadline = time.monotonic() + timeout
        last_progress = None
        while job.is_active:
            if time.monotonic() > deadline:
                raise CommandError(
                    _(
                        "No worker finished job %(id)s within %(timeout)s s "
                        "(start one with “celery -A config worker”)."
                    )
                    % {"id": job.pk, "timeout": f"{timeout:g}"}
                )
            time.sleep(0.5)
            job.refresh_from_db()
            if job.progress != last_progress and job.status == ReportJob.Status.RUNNING:
                last_progress = job.progress
                self.stderr.write(f"  {job.progress} %")
        if job.is_failed:
            raise CommandError(_("Failed: %(error)s") % {"error": job.error})
        self.stderr.write(
            _("Ready: %(pages)s pages, %(size)s bytes, SHA-256 %(checksum)s")
            % {"pages": job.page_count, "size": job.size, "checksum": job.checksum}
        )
        # A local file prints its path; a bucket (S3) has only the name.
        local = isinstance(job.file.storage, FileSystemStorage)
        location = job.file.path if local else job.file.name
        self.stdout.write(location)
