"""Forms of the staff workspace for victim lists: the file, then its column mapping."""

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.admin import SpreadsheetField

from .tables import FIELDS

FIELD_LABELS = {
    "name": _("Full name, as written"),
    "surname": _("Surname"),
    "given_name": _("Given name"),
    "patronymic": _("Patronymic"),
    "birth_year": _("Birth year"),
    "age": _("Age"),
    "sex": _("Sex"),
    "event_date": _("Date (of death, detention, ...)"),
    "place": _("Place"),
    "region": _("Region"),
    "cause": _("Cause"),
    "facility": _("Facility"),
}


class ListFileForm(forms.Form):
    file = SpreadsheetField(
        label=_("The list as published: a CSV (UTF-8) or XLSX file"),
        help_text=_(
            "Every column is kept as it is; you say next which column holds which "
            "field. Nothing about any person changes."
        ),
    )


class ColumnMappingForm(forms.Form):
    """Which column of the file holds each field matching needs."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this list —")), *((h, h) for h in headers)]
        for name in FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name], choices=choices, required=False
            )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name") or cleaned.get("surname")):
            raise forms.ValidationError(
                _("Say which column holds the full name, or at least the surname.")
            )
        return cleaned

    @property
    def mapping(self) -> dict[str, str]:
        return {name: header for name, header in self.cleaned_data.items() if header}
