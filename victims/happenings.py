"""What happened to people, kind by kind: the record model of each kind and the field
naming its person.

victims registers its own kinds (deaths, detentions, injuries). Apps that build on
victims register theirs when they load (allegations, in AllegationsConfig.ready), so
that victims' search filters, person page and API list every kind without importing
an app that depends on them.
"""

from django.db.models import Model

from .models import Death
from .models import Detention
from .models import Happened
from .models import Injury

_registered: dict[str, tuple[type[Model], str]] = {}


def register(kind: Happened, model: type[Model], *, owner: str) -> None:
    """Declare that `model` records `kind`, with `owner` the field naming its person."""
    _registered[kind] = (model, owner)


def record_model(kind: Happened) -> type[Model]:
    """The record model of `kind`; LookupError if no app registered it."""
    if kind not in _registered:
        raise LookupError(f"No app records what happened: {kind}")
    return _registered[kind][0]


def registered() -> dict[str, tuple[type[Model], str]]:
    """Every registered kind -> (record model, field naming the person)."""
    return dict(_registered)


register(Happened.KILLED, Death, owner="person")
register(Happened.DETAINED, Detention, owner="person")
register(Happened.INJURED, Injury, owner="person")
