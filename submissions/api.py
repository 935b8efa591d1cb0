"""`/api/v1/submissions/`: partners with the `submit` scope send to the moderation
queue and follow the status of what their organisation sent, nothing more."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins
from rest_framework import permissions
from rest_framework import status
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from archive.models import PartnerToken
from archive.models import Scope
from archive.visibility import request_clearance

from .actions import intake
from .serializers import ReplySerializer
from .serializers import SubmissionSerializer
from .serializers import SubmissionStatusSerializer


class MaySubmit(permissions.BasePermission):
    message = "This needs a partner token with the submit scope."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        return isinstance(token, PartnerToken) and token.has_scope(Scope.SUBMIT)


@extend_schema_view(
    create=extend_schema(
        summary="Send a submission",
        description=(
            "Puts a record into the same moderation queue as the public forms. The "
            "response carries the receipt code once. Attachments are sent through "
            "the public form only."
        ),
    ),
    retrieve=extend_schema(
        summary="The status of one of your submissions",
        responses=SubmissionStatusSerializer,
    ),
)
class SubmissionViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = SubmissionSerializer
    permission_classes = [MaySubmit]
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return self.request.auth.organisation.submissions.all()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SubmissionStatusSerializer
        if self.action == "reply":
            return ReplySerializer
        return SubmissionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.auth is not None:
            context["clearance"] = request_clearance(self.request)
        return context

    def perform_create(self, serializer) -> None:
        fields = dict(serializer.validated_data)
        contact_text = fields.pop("contact", "")
        kind = fields.pop("kind")
        fields.setdefault("happened", [])
        submission, receipt = intake.receive_submission(
            kind=kind,
            fields=fields,
            files=[],
            contact_text=contact_text,
            partner=self.request.auth.organisation,
            language="",
        )
        submission.receipt = receipt
        serializer.instance = submission

    @extend_schema(
        summary="Answer the moderators' question",
        description=(
            "While a submission's status is more_information, its `question` says "
            "what the moderators ask. The answer joins the submission, which goes "
            "back into review. Any other time the answer is refused with 400."
        ),
        request=ReplySerializer,
        responses={201: SubmissionStatusSerializer},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, uuid=None):
        submission = self.get_object()
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            intake.answer_question(submission, serializer.validated_data["text"])
        except intake.NoOpenQuestion as error:
            raise ValidationError(
                {"text": ["This submission is not waiting for an answer."]}
            ) from error
        submission.refresh_from_db()
        answer = SubmissionStatusSerializer(
            submission, context=self.get_serializer_context()
        )
        return Response(answer.data, status=status.HTTP_201_CREATED)
