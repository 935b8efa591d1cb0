"""A linkage score's explanation as staff read it, in their own language: the
stored explanation names fields and comparison levels in English, as the scoring
model (victims.scoring) labels them."""

from django.utils.translation import gettext_lazy as _

FIELDS = {
    "surname": _("surname"),
    "given": _("given name"),
    "patronymic": _("patronymic"),
    "birth_year": _("birth year"),
    "sex": _("sex"),
    "event_date": _("date"),
    "place": _("place"),
    "region": _("region"),
}
AGREEMENTS = {
    "same": _("same"),
    "near": _("nearly the same (a typo)"),
    "initial only, same": _("same initial"),
    "different": _("different"),
    "a year apart": _("a year apart"),
    "2 to 5 years apart": _("2 to 5 years apart"),
    "more than 5 years apart": _("more than 5 years apart"),
    "within 3 days": _("within 3 days"),
}


def readable(explanation: list[dict]) -> list[dict]:
    """Each part with its field and agreement in the active language (a label the
    model has and this module lacks is shown as stored)."""
    return [
        {
            "field": FIELDS.get(part["field"], part["field"]),
            "agreement": AGREEMENTS.get(part["agreement"], part["agreement"]),
            "weight": part["weight"],
        }
        for part in explanation
    ]
