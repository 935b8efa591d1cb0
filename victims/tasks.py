"""Background work on people. Tasks take ids and call victims' own functions."""

from celery import shared_task
from django.contrib.auth import get_user_model

from sources.models import VictimList

from .actions import person_sheets
from .actions.linkage import link_list


@shared_task(ignore_result=True)
def link_list_entries(list_id: int, user_id: int) -> None:
    """Score a list's undecided entries; automatic links are `user_id`'s."""
    link_list(
        VictimList.objects.get(pk=list_id),
        by=get_user_model().objects.get(pk=user_id),
    )


@shared_task(ignore_result=True)
def import_person_sheet(person_import_id: int) -> None:
    """Check and write a large sheet of people, all or none (its page shows the
    progress and the result)."""
    person_sheets.import_person_sheet(person_import_id)
