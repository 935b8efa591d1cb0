from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions and moderation")

    def ready(self) -> None:
        from archive.health import WAITING_SINCE

        from .models import Submission

        WAITING_SINCE["submissions"] = Submission.objects.oldest_unprocessed_at
