from functools import partial

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin import ReasonForm
from archive.admin import RecordAdminForm
from archive.admin import act_with_reason
from archive.visibility import Visibility
from sources.admin import RecordAdmin
from sources.admin import RecordInlineMixin
from victims.actions.erasure import erase_person
from victims.admin import PersonAdmin
from victims.admin import staff_name_of
from victims.models import Person

from .models import Method
from .models import TortureAllegation


class AllegationForm(RecordAdminForm):
    methods = forms.TypedMultipleChoiceField(
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=TortureAllegation._meta.get_field("methods").verbose_name,
    )

    class Meta:
        model = TortureAllegation
        fields = "__all__"


ALLEGATION_FIELDS = [
    ("detention", "facility"),
    ("started_on", "started_precision", "ended_on"),
    "methods",
    "other_methods",
    ("perpetrator_unit", "perpetrator_description"),
    ("complaint_filed", "case_opened", "criminal_case"),
    ("official_victim_status", "pressure_to_withdraw", "outcome"),
    "testimony",
    ("visibility", "details_visibility"),
]


class TortureAllegationInline(RecordInlineMixin, admin.StackedInline):
    model = TortureAllegation
    form = AllegationForm
    fk_name = "victim"
    fields = ALLEGATION_FIELDS
    autocomplete_fields = ["detention", "facility", "perpetrator_unit", "criminal_case"]


class ErasureForm(ReasonForm):
    """Erasure on request: what identifies a person is emptied, history too."""

    title = _("Erase on request")
    explanation = _(
        "Erasure empties what identifies each person below (names and "
        "spellings, birth date, residence, occupation, consent note, the "
        "circumstances of what happened to them, their testimony and what is "
        "said of perpetrators), in the record and in all its history. The "
        "record stays, retracted and staff-only, named “[erased]”, with your "
        "reason. It cannot be undone. Published victim lists and submissions "
        "are not changed."
    )
    reason_label = _("The removal request, and why it is granted")

    def done(self, count: int) -> str:
        return ngettext("%d record erased.", "%d records erased.", count) % count


class PersonWithAllegationsAdmin(PersonAdmin):
    """The person's page with their torture allegations: this app extends victims'
    admin (it depends on victims, never the other way round)."""

    inlines = [*PersonAdmin.inlines, TortureAllegationInline]
    actions = [*(PersonAdmin.actions or []), "erase"]

    def has_erase_permission(self, request) -> bool:
        return request.user.has_perm("victims.erase_person")

    @admin.action(
        description=_("Erase on request (redact in place, history included)"),
        permissions=["erase"],
    )
    def erase(self, request, queryset):
        def erase_all(reason: str) -> int:
            for person in queryset:
                erase_person(person, by=request.user, reason=reason)
            return len(queryset)

        staff_name = partial(Person.name_for, clearance=Visibility.STAFF)
        return act_with_reason(
            self, request, queryset, ErasureForm, erase_all, staff_name
        )


admin.site.unregister(Person)
admin.site.register(Person, PersonWithAllegationsAdmin)


@admin.register(TortureAllegation)
class TortureAllegationAdmin(RecordAdmin):
    form = AllegationForm
    list_display = ["victim_name", "started_on", "facility", "outcome", "visibility"]
    victim_name = staff_name_of("victim")
    list_filter = [
        "outcome",
        "complaint_filed",
        "case_opened",
        "official_victim_status",
        *RecordAdmin.list_filter,
    ]
    search_fields = ["victim__surname", "victim__given_name", "victim__pseudonym"]
    autocomplete_fields = [
        "victim",
        "detention",
        "facility",
        "perpetrator_unit",
        "criminal_case",
    ]
    list_select_related = ["victim", "facility"]
    fieldsets = [
        (None, {"fields": ["victim", *ALLEGATION_FIELDS, "change_reason"]}),
        (None, {"classes": ["collapse"], "fields": RecordAdmin.readonly_fields}),
    ]
