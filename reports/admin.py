from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from archive.admin import OwnPages
from archive.admin import ReadOnlyAdmin
from archive.history import ReadableHistory
from sources.models import VictimList

from .actions import estimate_of
from .actions import make_estimate
from .actions import publish_estimate
from .actions import request_release
from .actions import withdraw_estimate
from .models import Release
from .models import UncountedEstimate


class EstimateForm(forms.ModelForm):
    lists = forms.ModelMultipleChoiceField(
        queryset=VictimList.objects.current(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Lists (three or more, reconciled)"),
    )

    class Meta:
        model = UncountedEstimate
        fields = ["lists"]

    def clean_lists(self):
        chosen = list(self.cleaned_data["lists"])
        try:
            estimate_of(chosen)
        except ValidationError as error:
            raise ValidationError(error.message_dict["lists"]) from error
        return chosen


@admin.register(UncountedEstimate)
class UncountedEstimateAdmin(ReadableHistory, admin.ModelAdmin):
    """Staff compute an estimate from lists chosen here; administrators publish."""

    list_display = ["__str__", "observed", "total", "interval", "published_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["overlap", "result", "computed_by", "computed_at"]
    readonly_fields += ["published_at", "published_by"]
    actions = ["publish", "withdraw"]

    @admin.display(description=_("people on the lists"))
    def observed(self, made: UncountedEstimate) -> int:
        return made.result["observed"]

    @admin.display(description=_("estimated in all"))
    def total(self, made: UncountedEstimate) -> float:
        return made.result["total"]

    @admin.display(description=_("interval (95%)"))
    def interval(self, made: UncountedEstimate) -> str:
        low, high = made.result["interval"]
        return f"{low:.0f}–{high:.0f}"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = EstimateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["lists"] if obj is None else ["lists", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["lists", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if not change:
            made = make_estimate(form.cleaned_data["lists"], by=request.user)
            obj.pk = made.pk

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("reports.publish_estimate")

    @admin.action(
        description=_("Publish the selected estimates"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self._each(request, queryset, publish_estimate)

    @admin.action(
        description=_("Withdraw the selected estimates"), permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        self._each(request, queryset, withdraw_estimate)

    def _each(self, request, queryset, action) -> None:
        for made in queryset:
            action(made, by=request.user)
        count = queryset.count()
        message = (
            ngettext("%d estimate published.", "%d estimates published.", count)
            if action is publish_estimate
            else ngettext("%d estimate withdrawn.", "%d estimates withdrawn.", count)
        )
        self.message_user(request, message % count, messages.SUCCESS)


@admin.register(Release)
class ReleaseAdmin(OwnPages, ReadOnlyAdmin):
    """Releases are read here; administrators queue the next one."""

    list_display = ["__str__", "created_at", "created_by", "people"]
    readonly_fields = ["number", "created_at", "created_by", "rows", "changes"]
    readonly_fields += ["files"]
    change_list_template = "admin/reports/release/change_list.html"
    own_pages = [("make/", "make_view", "reports_release_make")]

    @admin.display(description=_("people"))
    def people(self, release: Release) -> int:
        return release.rows.get("people", 0)

    @method_decorator(require_POST)
    def make_view(self, request):
        if not request.user.has_perm("reports.make_release"):
            raise PermissionDenied
        number = request_release(by=request.user)
        self.message_user(
            request,
            _("Release %(number)s is being made; it is listed here when done.")
            % {"number": number},
            messages.SUCCESS,
        )
        return redirect("admin:reports_release_changelist")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_make_release": request.user.has_perm("reports.make_release"),
        }
        return super().changelist_view(request, extra_context)
