"""API endpoint for torture allegations."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view

from sources.api import RecordViewSet

from .filters import TortureAllegationFilter
from .models import TortureAllegation
from .serializers import TortureAllegationSerializer


@extend_schema_view(list=extend_schema(summary="Torture allegations"))
class TortureAllegationViewSet(RecordViewSet):
    """Allegations of torture and ill-treatment: methods, facility, complaint and
    case status. Testimony and what is said of the perpetrators only for callers
    cleared for the details."""

    queryset = TortureAllegation.objects.all()
    serializer_class = TortureAllegationSerializer
    filterset_class = TortureAllegationFilter

    def related(self, queryset):
        return queryset.select_related(
            "victim", "detention", "facility", "perpetrator_unit", "criminal_case"
        )
