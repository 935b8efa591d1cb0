"""The staff workspace's shared rules: reasons in history, removals, confirmations.

Every fact-bearing model's admin derives from RecordAdmin. Nothing can be deleted
here; records are retracted with a reason. Every save records who (the history
middleware) and why (the "reason for this change" field) in django-pghistory's
context, and runs through the write-side rule of who may widen (archive.widening).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .actions import issue_partner_token
from .actions import revoke_partner_tokens
from .exports import csv_response
from .history import ReadableHistory
from .models import PartnerToken
from .models import Scope
from .models import TokenUse
from .roles import staff_name
from .widening import PUBLISH_PERMISSION

REMOVAL_NEEDS_REASON = _(
    "Give the reason for this change: a removed row stays in the history with it."
)
admin.site.site_header = _("Qantar archive: staff workspace")
admin.site.site_title = _("Qantar archive")
admin.site.index_title = _("Records, sources and history")


class ModeratedRemovalFormSet:
    """Rows of a record's page (spellings, citations, defendants, hearings) are
    removed only by a moderator (`ModeratedRemovalInline`), with the reason for the
    change; the row stays, marked removed, and so does its history."""

    change_reason = ""  # both set by ModeratedRemovalInline.get_formset
    removed_by = None

    def clean(self) -> None:
        super().clean()
        removing = any(
            form.cleaned_data.get("DELETE")
            for form in self.forms
            if hasattr(form, "cleaned_data")
        )
        if removing and not self.change_reason.strip():
            raise ValidationError(REMOVAL_NEEDS_REASON)

    def delete_existing(self, obj, commit=True) -> None:
        """A row ticked for removal is marked removed (`archive.models.Removable`),
        with the moderator and the reason for the change; the database refuses to
        delete it."""
        if commit:
            type(obj).objects.filter(pk=obj.pk).remove(
                by=self.removed_by, reason=self.change_reason
            )


class ModeratedRemovalInline:
    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.change_reason = request.POST.get("change_reason", "")
        formset.removed_by = request.user
        return formset


class SpreadsheetField(forms.FileField):
    """A CSV (UTF-8) or XLSX file to import; what reads it refuses another kind
    with a message that says so."""

    def __init__(self, *, label=None, **options) -> None:
        super().__init__(label=label or _("Spreadsheet (CSV or XLSX)"), **options)


class ReasonForm(forms.Form):
    """The confirmation of an admin action that needs a reason (retract, erase):
    subclasses give the page's `title` (its button too), its `explanation`, the
    reason's label, and `done(count)`, the message afterwards."""

    title = explanation = reason_label = ""
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.reason_label

    def done(self, count: int) -> str:
        raise NotImplementedError


def act_with_reason(
    model_admin,
    request,
    queryset,
    form_class: type[ReasonForm],
    act: Callable[[str], int],
    name_of: Callable[[Any], str] = str,
) -> TemplateResponse | None:
    """The page that confirms the action, with what it does, the records it acts
    on (each as `name_of` names it) and the reason's form, until a reason is given;
    then `act(reason)`, which returns how many records it acted on."""
    form = form_class(request.POST if "confirm" in request.POST else None)
    if form.is_valid():
        model_admin.message_user(request, form.done(act(form.cleaned_data["reason"])))
        return None
    return TemplateResponse(
        request,
        "admin/confirm_action.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": form.title,
            "opts": model_admin.model._meta,
            "records": [name_of(record) for record in queryset],
            "ids": [record.pk for record in queryset],
            "form": form,
            "action": request.POST["action"],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class OwnPages:
    """A model admin's pages besides Django's: `own_pages` lists each as (route,
    the name of the view method, URL name), served to staff as the admin site
    serves its own. A view that only changes things is decorated `require_POST`."""

    own_pages: list[tuple[str, str, str]] = []

    def get_urls(self):
        own = [
            path(route, self.admin_site.admin_view(getattr(self, view)), name=name)
            for route, view, name in self.own_pages
        ]
        return own + super().get_urls()


class ReadOnlyAdmin(ReadableHistory, admin.ModelAdmin):
    """Rows that the workspace shows and never writes."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ImportJobAdmin(OwnPages, ReadOnlyAdmin):
    """Files imported by a worker (archive.imports): the list of them, and each
    one's status page, which follows its progress and then gives what it made or
    every error. A kind of import adds how its file is sent, and names in
    `may_import` the permission that lets staff send and follow it."""

    list_display = ["filename", "status", "rows_total", "created_at", "created_by"]
    list_display_links = None
    list_filter = ["status"]
    list_select_related = ["created_by"]
    exclude = ["file"]  # kept, never served
    may_import = ""

    def get_list_display(self, request) -> list:
        return [*super().get_list_display(request), "status_link"]

    @admin.display(description=_("page"))
    def status_link(self, job) -> str:
        return format_html('<a href="{}">{}</a>', job.get_absolute_url(), _("Open"))

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm(self.may_import)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.may_import)

    def get_urls(self):
        status = path(
            "<int:job_id>/status/",
            self.admin_site.admin_view(self.status_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_status",
        )
        return [status, *super().get_urls()]

    def status_view(self, request, job_id: int) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(self.model, pk=job_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "progress": job.progress(),
        }
        return TemplateResponse(request, "admin/import_status.html", context)


class RecordAdminForm(forms.ModelForm):
    """Adds the reason for a change. When the page's write was refused because it
    would widen who reads (archive.widening), the page comes back with the posted
    values and the refusal as the form's error (RecordAdmin.changeform_view)."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the record's history with your name and the time."),
    )
    refused: ValidationError | None = None  # set by RecordAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        if self.refused is not None:
            raise self.refused
        return cleaned


class RetractForm(ReasonForm):
    """Retraction: the records leave public view and keep their history."""

    title = _("Retract records")
    explanation = _(
        "Retracted records disappear from every public page and list. They "
        "stay in the database and in history, with your reason."
    )
    reason_label = _("Reason for retraction")

    def done(self, count: int) -> str:
        return ngettext("%d record retracted.", "%d records retracted.", count) % count


class PartnerTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "read:partners also reads records marked for partners; submit will send "
            "submissions once the moderation queue takes them."
        ),
    )

    class Meta:
        model = PartnerToken
        fields = ["organisation", "name", "scopes", "expires_at"]


@admin.register(PartnerToken)
class PartnerTokenAdmin(ReadableHistory, admin.ModelAdmin):
    """Administrators issue tokens here; the secret is shown once, on the page that
    follows, and only its hash is kept."""

    form = PartnerTokenForm
    list_display = ["name", "organisation", "prefix", "scopes", "created_at"]
    list_display += ["last_used_at", "expires_at", "revoked_at"]
    list_filter = ["organisation", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "organisation__name"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at"]
    readonly_fields += ["revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "organisation", "scopes"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "scopes", "expires_at"]
        return ["organisation", "name", "scopes", "expires_at", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, secret = issue_partner_token(
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=request.user,
            expires_at=form.cleaned_data["expires_at"],
        )
        obj.pk = token.pk
        request.issued_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        return TemplateResponse(
            request,
            "admin/archive/partnertoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": PartnerToken.objects.get(pk=obj.pk),
                "secret": request.issued_secret,
                "title": _("Token issued"),
            },
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = revoke_partner_tokens(queryset)
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", revoked) % revoked,
            messages.SUCCESS,
        )


@admin.register(TokenUse)
class TokenUseAdmin(ReadOnlyAdmin):
    """Each request made with a partner token; administrators read and export it."""

    list_display = ["at", "token", "method", "endpoint", "status"]
    list_filter = ["token", "status", "method"]
    list_select_related = ["token__organisation"]
    search_fields = ["endpoint", "token__prefix", "token__name"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    @admin.action(description=_("Download the selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = queryset.select_related("token__organisation").order_by("at", "pk")
        return csv_response(
            [
                ["time", "organisation", "token", "prefix", "method", "endpoint"]
                + ["status"],
                *(
                    [
                        use.at.isoformat(),
                        use.token.organisation.name,
                        use.token.name,
                        use.token.prefix,
                        use.method,
                        use.endpoint,
                        use.status,
                    ]
                    for use in rows.iterator()
                ),
            ],
            "partner-token-uses.csv",
        )


class AuthenticatorAdmin(admin.ModelAdmin):
    """Staff authenticators and recovery codes, for administrators to read and to
    remove (a lost phone: the person enrols again at the next sign-in). Replaces
    django-otp's own admin, whose labels are not translated and which shows keys."""

    list_display = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("staff member"), ordering="user__username")
    def owner(self, device) -> str:
        return staff_name(device.user)

    @admin.display(description=_("name of the authenticator"))
    def device_name(self, device) -> str:
        return device.name

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, device) -> bool:
        return device.confirmed

    @admin.display(description=_("enrolled"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at


for device_model in (TOTPDevice, StaticDevice):
    admin.site.unregister(device_model)
    admin.site.register(device_model, AuthenticatorAdmin)
