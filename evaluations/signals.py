"""Cache busting: any change to a questionnaire's structure bumps its
``updated_at``, the version ``selectors.questions_for_answering`` caches by.
Covers the builder, copies and the admin alike."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Choice, Question, Questionnaire, Section


def _touch(**lookup) -> None:
    Questionnaire.objects.filter(**lookup).update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Question)
def _structure_changed(sender, instance, **kwargs):
    _touch(pk=instance.questionnaire_id)


@receiver([post_save, post_delete], sender=Choice)
def _choice_changed(sender, instance, **kwargs):
    _touch(questions__id=instance.question_id)
