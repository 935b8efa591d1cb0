"""The statistics sections of torture allegations (registered with the kind)."""

from collections import Counter

from django.utils.translation import gettext_lazy as _

from archive.models import Answer
from archive.tallies import UNKNOWN
from archive.tallies import Tally
from archive.tallies import by_choice
from archive.tallies import counted
from archive.visibility import Visibility
from victims.models import Place

from .models import Method


def allegation_sections(
    allegations, clearance: Visibility, regions: dict
) -> list[Tally]:
    facilities = Counter(
        kind or "unknown"
        for kind in allegations.values_list("facility__facility_kind", flat=True)
    )
    methods = Counter(
        method
        for named in allegations.values_list("methods", flat=True)
        for method in named
    )
    return [
        by_choice(
            "allegations-by-facility",
            _("Torture allegations by kind of facility"),
            _("Where the alleged torture took place, by kind of facility."),
            facilities,
            [*Place.FacilityKind.choices, ("unknown", UNKNOWN)],
        ),
        by_choice(
            "allegations-by-method",
            _("Torture allegations by method"),
            _("Methods alleged; one allegation may name several."),
            methods,
            Method.choices,
        ),
        by_choice(
            "allegations-by-complaint",
            _("Torture allegations: was a complaint filed?"),
            _("Whether the person filed a complaint."),
            counted(allegations, "complaint_filed"),
            Answer.choices,
        ),
        by_choice(
            "allegations-by-official-status",
            _("Torture allegations: officially recognised as a victim?"),
            _("Whether the authorities recognised the person as a victim."),
            counted(allegations, "official_victim_status"),
            Answer.choices,
        ),
    ]
