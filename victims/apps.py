from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "victims"
    verbose_name = _("People and what happened to them")

    def ready(self) -> None:
        from . import audiences  # noqa: F401 (registers what audiences read)
        from . import kinds

        kinds.register()
