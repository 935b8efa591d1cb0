from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllegationsConfig(AppConfig):
    name = "allegations"
    verbose_name = _("Torture allegations")

    def ready(self) -> None:
        from victims import happenings
        from victims.models import Happened

        from .models import TortureAllegation

        happenings.register(Happened.TORTURED, TortureAllegation, owner="victim")
