"""What partners send through `POST /api/v1/submissions/`: the public form's fields,
as JSON. The same checks apply and the submission joins the same queue."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from victims.filters import regions
from victims.models import Person
from victims.serializers import WhatHappenedField

from .actions.intake import open_question_text
from .models import NAME_NEEDED
from .models import Kind
from .models import Status
from .models import Submission
from .models import lacks_a_name


class SubmissionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Person.objects.none(),  # narrowed to what the caller may read
        required=False,
        allow_null=True,
        help_text="For new information, a correction or a removal request.",
    )
    region = serializers.SlugRelatedField(
        slug_field="uuid", queryset=regions(), required=False, allow_null=True
    )
    happened = WhatHappenedField(required=False)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2022, required=False, allow_null=True
    )
    contact = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="How moderators may reach the submitter; stored encrypted.",
    )
    account = serializers.CharField(max_length=20_000)
    receipt = serializers.CharField(
        read_only=True, help_text="Shown once: the code for the status page."
    )
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "kind",
            "person",
            "surname",
            "given_name",
            "patronymic",
            "birth_year",
            "region",
            "happened",
            "happened_on",
            "place_text",
            "account",
            "naming",
            "contact",
            "forget_contact_when_closed",
            "receipt",
            "status",
            "received_at",
        ]
        read_only_fields = ["received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clearance = self.context.get("clearance")
        if clearance is not None:
            self.fields["person"].queryset = Person.objects.visible_at(clearance)

    def validate(self, data):
        about = {Kind.NEW_INFORMATION, Kind.CORRECTION, Kind.REMOVAL}
        if data["kind"] in about and not data.get("person"):
            raise serializers.ValidationError(
                {"person": _("Say which person this is about.")}
            )
        if lacks_a_name(
            data["kind"],
            surname=data.get("surname"),
            given_name=data.get("given_name"),
        ):
            raise serializers.ValidationError({"surname": NAME_NEEDED})
        return data


class SubmissionStatusSerializer(SubmissionSerializer):
    """A submission read back: everything but the receipt, which only the answer to
    its sending carries, and the moderators' open question."""

    question = serializers.SerializerMethodField(
        help_text="While the status is more_information: what the moderators ask. "
        "Answer it with POST .../reply/."
    )
    person = serializers.SerializerMethodField(
        help_text="The person the submission is about (once accepted or merged, the "
        "person it went into), if the caller may read them."
    )

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *(name for name in SubmissionSerializer.Meta.fields if name != "receipt"),
            "question",
        ]

    def get_question(self, submission: Submission) -> str:
        return open_question_text(submission)

    @extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
    def get_person(self, submission: Submission) -> str | None:
        readable = Person.objects.visible_at(self.context["clearance"])
        person = readable.filter(pk=submission.person_id).first()
        return str(person.uuid) if person else None


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=20_000, help_text="The answer to the moderators' question."
    )
