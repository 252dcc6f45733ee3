"""Choices are archived rather than deleted; a response keeps the one-time
key of its page; an invitation keeps only whether it was used.

Existing rows lose what linked an anonymous answer to an invitation: the
invitation's use time (``used_at``, and ``updated_at`` set back to
``created_at``) and the response's time of day (kept: the day).
"""

from django.db import migrations, models
from django.utils import timezone


def mark_used(apps, schema_editor):
    Invitation = apps.get_model("evaluations", "Invitation")
    Invitation.objects.filter(used_at__isnull=False).update(used=True)


def clear_linking_times(apps, schema_editor):
    Invitation = apps.get_model("evaluations", "Invitation")
    Response = apps.get_model("evaluations", "Response")
    Invitation.objects.filter(used=True).update(updated_at=models.F("created_at"))
    anonymous = Response.objects.filter(questionnaire__is_anonymous=True)
    for response in anonymous.only("pk", "submitted_at").iterator(chunk_size=2000):
        day = timezone.localtime(response.submitted_at).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        if day != response.submitted_at:
            Response.objects.filter(pk=response.pk).update(submitted_at=day)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="is_archived",
            field=models.BooleanField(default=False, verbose_name="removed"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="used",
            field=models.BooleanField(default=False, verbose_name="used"),
        ),
        migrations.AddField(
            model_name="response",
            name="submission_key",
            field=models.CharField(
                blank=True,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="submission key",
            ),
        ),
        migrations.RunPython(mark_used, migrations.RunPython.noop),
        migrations.RunPython(clear_linking_times, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="invitation",
            name="used_at",
        ),
    ]
