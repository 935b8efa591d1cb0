"""The public submission form: no account, no JavaScript, every check on the server."""

import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sources.files import PHOTO_FORMATS
from sources.files import TOO_MANY_PIXELS
from sources.files import TooManyPixels
from sources.files import kind_of
from victims import happenings
from victims.filters import regions
from victims.models import Person
from victims.models import Place

from .models import ABOUT_A_PERSON
from .models import NAME_NEEDED
from .models import Kind
from .models import lacks_a_name

log = logging.getLogger(__name__)
ACCEPTED_FILES = {"image", "pdf"}
NO_REGION = ("", "---------")
REGION_CHOICES_SECONDS = 3600
NOT_ACCEPTED = _("The form could not be accepted. Please try again later.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def region_choices() -> list[tuple[str, str]]:
    """Regions and cities to choose from, cached an hour per language: the form
    still shows while the database is down (with an empty list if the cache is
    cold)."""
    key = f"submissions:region-choices:{get_language()}"
    cached = cache.get(key)  # None also when Redis is down (settings.CACHES)
    if cached is not None:
        return cached
    try:
        choices = [NO_REGION, *((str(place.uuid), str(place)) for place in regions())]
    except DatabaseError:
        log.warning("region list unavailable: database unreachable")
        return [NO_REGION]
    cache.set(key, choices, REGION_CHOICES_SECONDS)
    return choices


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you sending?"), widget=forms.RadioSelect)
    surname = forms.CharField(label=_("Surname"), max_length=150, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), min_value=1900, max_value=2022, required=False
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=region_choices, required=False
    )
    happened = forms.MultipleChoiceField(
        label=_("What happened"),
        choices=happenings.KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    happened_on = forms.DateField(
        label=_("When"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place_text = forms.CharField(label=_("Where"), max_length=300, required=False)
    account = forms.CharField(
        label=_("What you know"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In any language. Say how you know it."),
    )
    naming = forms.ChoiceField(
        label=_("May the archive publish the person's name?"),
        choices=Person.Naming.choices,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(label=_("Photos or documents"), required=False)
    contact = forms.CharField(
        label=_("How moderators may reach you (optional)"),
        max_length=300,
        required=False,
        help_text=_("Stored encrypted and seen only by moderators."),
    )
    forget_contact_when_closed = forms.BooleanField(
        label=_("Delete my contact when the case is closed"),
        required=False,
        initial=True,
    )
    # Left empty by people; filled by bots that fill every field.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        # Formatted per form, in the visitor's language (not once, at import).
        self.fields["attachments"].help_text = _(
            "Up to %(files)d files: photos (JPEG, PNG, WebP) or PDF, %(mb)d MB each. "
            "Location and camera data are removed before anyone looks at them."
        ) % {
            "files": settings.SUBMISSION_MAX_FILES,
            "mb": settings.SUBMISSION_MAX_FILE_BYTES // 2**20,
        }
        kinds = ABOUT_A_PERSON if person else {Kind.NEW_PERSON, Kind.TESTIMONY}
        self.fields["kind"].choices = [
            (value, label) for value, label in Kind.choices if value in kinds
        ]
        if person:
            for name in ("surname", "given_name", "patronymic", "birth_year"):
                del self.fields[name]

    def clean_region(self) -> Place | None:
        chosen = self.cleaned_data.get("region")
        return regions().filter(uuid=chosen).first() if chosen else None

    def clean_attachments(self) -> list[tuple[str, bytes]]:
        files = self.cleaned_data["attachments"]
        if len(files) > settings.SUBMISSION_MAX_FILES:
            raise ValidationError(
                _("Send at most %(files)d files."),
                params={"files": settings.SUBMISSION_MAX_FILES},
            )
        checked = []
        for upload in files:
            if upload.size > settings.SUBMISSION_MAX_FILE_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than %(mb)d MB."),
                    params={
                        "name": upload.name,
                        "mb": settings.SUBMISSION_MAX_FILE_BYTES // 2**20,
                    },
                )
            try:
                kind = kind_of(upload, image_formats=PHOTO_FORMATS)
            except TooManyPixels as error:
                raise ValidationError(
                    _("%(name)s: %(problem)s"),
                    params={"name": upload.name, "problem": TOO_MANY_PIXELS},
                ) from error
            if kind not in ACCEPTED_FILES:
                raise ValidationError(
                    _("%(name)s is not a photo or a PDF."), params={"name": upload.name}
                )
            upload.seek(0)
            checked.append((kind, upload.read()))
        return checked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(NOT_ACCEPTED, code="honeypot")
        if not self.person and lacks_a_name(
            cleaned.get("kind"),
            surname=cleaned.get("surname"),
            given_name=cleaned.get("given_name"),
        ):
            raise ValidationError({"surname": NAME_NEEDED})
        return cleaned

    def submission_fields(self) -> dict:
        """The cleaned values as Submission fields."""
        data = self.cleaned_data
        names = ("surname", "given_name", "patronymic", "birth_year")
        return {
            **{
                name: data.get(name) or ("" if name != "birth_year" else None)
                for name in names
            },
            "person": self.person,
            "region": data.get("region"),
            "happened": data.get("happened") or [],
            "happened_on": data.get("happened_on"),
            "place_text": data.get("place_text", ""),
            "account": data["account"],
            "naming": data["naming"],
            "forget_contact_when_closed": data.get("forget_contact_when_closed", False),
        }


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ReplyForm(ReceiptForm):
    """The submitter's answer to a moderator's question, with the receipt code."""

    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In any language. It joins what you sent before."),
    )
