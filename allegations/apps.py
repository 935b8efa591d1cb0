from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllegationsConfig(AppConfig):
    name = "allegations"
    verbose_name = _("Torture allegations")

    def ready(self) -> None:
        from . import kinds

        kinds.register()
