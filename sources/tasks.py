"""Background work on sources. Tasks take ids, call sources.actions, and own only
retries and logging; running one twice changes nothing the second time."""

from celery import shared_task

from . import actions


@shared_task(ignore_result=True)
def import_list(list_import_id: int) -> None:
    """Write a large list's rows, all or none (the page shows the progress)."""
    actions.import_list_rows(list_import_id)
