"""Background work on reports. Tasks take ids, call reports.actions, and own only
retries and logging; running one twice changes nothing the second time."""

from celery import shared_task
from django.contrib.auth import get_user_model

from . import actions


@shared_task(ignore_result=True)
def make_release(user_id: int, number: int) -> None:
    """Make release `number` on behalf of `user_id` (nothing if it exists)."""
    actions.make_release(by=get_user_model().objects.get(pk=user_id), number=number)
