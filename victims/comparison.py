"""The discrepancy report of two or three victim lists, as a page and a CSV file:
one view for every viewer, at their clearance (staff see every list, the public
only public lists; names follow each person's naming rule)."""

from django import forms
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.exports import csv_response
from archive.visibility import Visibility
from archive.visibility import clearance_of
from sources.models import VictimList

from .discrepancies import Comparison
from .discrepancies import compare


class ComparisonForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        queryset=VictimList.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Lists to compare (two or three)"),
    )

    def __init__(self, *args, clearance: Visibility, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = VictimList.objects.visible_at(clearance)

    def clean_lists(self):
        chosen = list(self.cleaned_data["lists"])
        if not 2 <= len(chosen) <= 3:
            raise forms.ValidationError(_("Choose two or three lists."))
        return chosen


def list_comparison(request: HttpRequest) -> HttpResponse:
    clearance = clearance_of(request.user)
    form = ComparisonForm(request.GET or None, clearance=clearance)
    report = compare(form.cleaned_data["lists"], clearance) if form.is_valid() else None
    if report and request.GET.get("format") == "csv":
        return comparison_csv(report)
    return render(
        request,
        "victims/list_comparison.html",
        {
            "form": form,
            "report": report,
            "clearance": clearance,
            "csv_query": request.GET.urlencode() + "&format=csv",
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def comparison_rows(report: Comparison):
    """The report as flat rows: section, lists, name, field, values."""
    yield ["section", "lists", "person", "field", "value"]
    for chosen, count in report.overlap:
        yield [
            "on exactly these lists",
            " + ".join(v.title for v in chosen),
            "",
            "",
            count,
        ]
    for conflict in report.conflicts:
        values = "; ".join(
            f"{value.text} ({value.victim_list.title}, #{value.row_number})"
            for value in conflict.values
        )
        yield ["conflict", "", conflict.name, conflict.field, values]
    for _person, name in report.unlisted:
        yield ["on none of these lists", "", name, "", ""]
    for victim_list in report.lists:
        yield [
            "unreviewed entries",
            victim_list.title,
            "",
            "",
            report.unreviewed[victim_list.pk],
        ]


def comparison_csv(report: Comparison) -> HttpResponse:
    return csv_response(comparison_rows(report), "list-comparison.csv")
