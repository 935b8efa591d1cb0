"""The staff workspace's shared rules: reasons in history, publishing, retraction.

Every fact-bearing model's admin derives from RecordAdmin. Nothing can be deleted
here; records are retracted with a reason. Every save records who (the history
middleware) and why (the "reason for this change" field) in django-pghistory's context.
"""

import pghistory
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import (
    BaseGenericInlineFormSet,
    GenericTabularInline,
)
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources.models import Citation

from .actions import (
    SHARED_NEEDS_CITATION,
    issue_partner_token,
    lacks_citation,
    publish_records,
    readable_citations,
    retract_records,
    revoke_partner_tokens,
)
from .models import PartnerToken, Scope
from .visibility import Visibility, may_read

PUBLISH_PERMISSION = "victims.publish_records"
MAY_NOT_WIDEN = _(
    "Only moderators may widen who sees this: publishing, sharing with partners, "
    "showing details or a fuller name is a moderator's decision. You may narrow it."
)
REMOVAL_NEEDS_REASON = _(
    "Give the reason for this change: a removed row stays in the history with it."
)
LEVEL_FIELDS = ("visibility", "details_visibility", "naming")

admin.site.site_header = _("Qantar archive: staff workspace")
admin.site.site_title = _("Qantar archive")
admin.site.index_title = _("Records, sources and history")


def refuse_widening(user, record, cleaned: dict) -> None:
    """Refuse, field by field, any change in `cleaned` that would let more viewers
    read `record` than its saved state (or a new record's defaults) lets, unless
    `user` is a moderator. Narrowing is always allowed."""
    if user.has_perm(PUBLISH_PERMISSION):
        return
    model = type(record)
    stored = model.objects.filter(pk=record.pk).first() if record.pk else None
    stored = stored or model()
    proposed = model(
        **{
            name: cleaned.get(name, getattr(stored, name))
            for name in LEVEL_FIELDS
            if hasattr(stored, name)
        }
    )
    widened = proposed.widened_fields(stored)
    if widened:
        raise ValidationError(dict.fromkeys(widened, MAY_NOT_WIDEN))


class ModeratedRemovalFormSet:
    """Rows of a record's page (spellings, citations, defendants) are removed only
    by a moderator (`ModeratedRemovalInline`), with the reason for the change; the
    history keeps the removed row with that reason."""

    change_reason = ""  # set by ModeratedRemovalInline.get_formset

    def clean(self) -> None:
        super().clean()
        removing = any(
            form.cleaned_data.get("DELETE")
            for form in self.forms
            if hasattr(form, "cleaned_data")
        )
        if removing and not self.change_reason.strip():
            raise ValidationError(REMOVAL_NEEDS_REASON)


class ModeratedRemovalInline:
    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.change_reason = request.POST.get("change_reason", "")
        return formset


class RecordAdminForm(forms.ModelForm):
    """Adds the reason for a change; refuses publishing by those who may not."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the record's history with your name and the time."),
    )
    user = None  # set by RecordAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        refuse_widening(self.user, self.instance, cleaned)
        return cleaned


class CitationFormSet(ModeratedRemovalFormSet, BaseGenericInlineFormSet):
    """A shared record keeps, through every edit, a citation its audience may read."""

    def clean(self) -> None:
        super().clean()
        level = self.instance.visibility
        kept = sum(
            1
            for form in self.forms
            if (source := form.cleaned_data.get("source"))
            and not form.cleaned_data.get("DELETE")
            and source.retracted_at is None
            and may_read(Visibility(level), source.visibility)
        )
        if lacks_citation(self.instance, visibility=level, citations=kept):
            raise ValidationError(SHARED_NEEDS_CITATION)


class CitationInline(ModeratedRemovalInline, GenericTabularInline):
    model = Citation
    formset = CitationFormSet
    fields = ["source", "locator", "note"]
    autocomplete_fields = ["source"]
    extra = 1
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the sources that report this")


class RecordInlineFormSet(BaseInlineFormSet):
    """Records edited inside another page: their citations live on their own page."""

    user = None

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            visibility = form.cleaned_data.get("visibility")
            if not visibility or form.cleaned_data.get("DELETE"):
                continue
            record = form.instance
            try:
                refuse_widening(self.user, record, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
                continue
            citations = readable_citations(record, visibility)
            if lacks_citation(record, visibility=visibility, citations=citations):
                form.add_error(
                    "visibility",
                    _("%(rule)s Open this record's own page to add it.")
                    % {"rule": SHARED_NEEDS_CITATION},
                )


class RecordInlineMixin:
    formset = RecordInlineFormSet
    show_change_link = True
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for retraction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RecordAdmin(admin.ModelAdmin):
    form = RecordAdminForm
    inlines = [CitationInline]
    actions = ["publish", "retract"]
    readonly_fields = [
        "uuid",
        "created_at",
        "updated_at",
        "retracted_at",
        "retraction_reason",
    ]
    list_filter = ["visibility", ("retracted_at", admin.EmptyFieldListFilter)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        reason = (
            request.POST.get("change_reason", "") if request.method == "POST" else ""
        )
        with pghistory.context(reason=reason):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        report = publish_records(queryset)
        if report.published:
            self.message_user(
                request,
                ngettext(
                    "%d record published.", "%d records published.", report.published
                )
                % report.published,
            )
        if report.refused:
            self.message_user(
                request,
                _("Not published (no citation): %(records)s")
                % {"records": "; ".join(report.refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Retract selected records"), permissions=["change"])
    def retract(self, request, queryset):
        form = RetractForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            count = retract_records(queryset, reason=form.cleaned_data["reason"])
            self.message_user(
                request,
                ngettext("%d record retracted.", "%d records retracted.", count)
                % count,
            )
            return None
        return TemplateResponse(
            request,
            "admin/retract_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Retract records"),
                "opts": self.model._meta,
                "records": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


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
        fields = ["organisation", "name", "scopes"]


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    """Administrators issue tokens here; the secret is shown once, on the page that
    follows, and only its hash is kept."""

    form = PartnerTokenForm
    list_display = ["name", "organisation", "prefix", "scopes", "created_at"]
    list_display += ["last_used_at", "revoked_at"]
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
            return ["organisation", "name", "scopes"]
        return ["organisation", "name", "scopes", *self.readonly_fields]

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
