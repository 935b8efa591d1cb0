"""API endpoint for torture allegations."""

from sources.api import RecordViewSet

from .filters import TortureAllegationFilter
from .models import TortureAllegation
from .serializers import TortureAllegationSerializer


class TortureAllegationViewSet(RecordViewSet):
    """Allegations of torture and ill-treatment: methods, facility, complaint and
    case status. Testimony and what is said of the perpetrators only for callers
    cleared for the details."""

    queryset = TortureAllegation.objects.all()
    serializer_class = TortureAllegationSerializer
    filterset_class = TortureAllegationFilter

    joined = ("victim", "detention", "facility", "perpetrator_unit", "criminal_case")
