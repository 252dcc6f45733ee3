"""Cache busting.

- Any change to a questionnaire's structure bumps its ``updated_at``, the
  version ``selectors.questions_for_answering`` caches by.
- Any change to a questionnaire or its event forgets the public link's
  snapshot (``selectors.questionnaire_for_answering``).

Covers the builder, copies and the admin alike."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from events.models import Event

from .models import Choice, Question, Questionnaire, Section
from .selectors import answering_snapshot_key


def _forget(tokens) -> None:
    cache.delete_many([answering_snapshot_key(token) for token in tokens if token])


def _touch(**lookup) -> None:
    questionnaires = Questionnaire.objects.filter(**lookup)
    _forget(list(questionnaires.values_list("token", flat=True)))
    questionnaires.update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Question)
def _structure_changed(sender, instance, raw=False, **kwargs):
    # ``raw``: loaddata (a restore) gives back the questionnaire as it was.
    if not raw:
        _touch(pk=instance.questionnaire_id)


@receiver([post_save, post_delete], sender=Choice)
def _choice_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch(questions__id=instance.question_id)


@receiver(pre_save, sender=Questionnaire)
def _link_renewed(sender, instance, raw=False, **kwargs):
    # A new token retires the old link at once.
    if instance.pk and not raw:
        _forget(
            Questionnaire.objects.filter(pk=instance.pk).values_list("token", flat=True)
        )


@receiver([post_save, post_delete], sender=Questionnaire)
def _questionnaire_changed(sender, instance, **kwargs):
    _forget([instance.token])


@receiver([post_save, post_delete], sender=Event)
def _event_changed(sender, instance, **kwargs):
    _forget(
        Questionnaire.objects.filter(event_id=instance.pk).values_list(
            "token", flat=True
        )
    )
