"""The staff history view (django-pghistory's events admin), narrowed by role.

Every staff role reads the history of records; the history of partner API tokens
(who was given access to what) is for administrators, who manage tokens.
"""

from pghistory.admin import EventsAdmin

TOKEN_EVENTS = "archive.PartnerTokenEvent"  # noqa: S105 (a model label)
MANAGE_TOKENS = "archive.view_partnertoken"


class HistoryAdmin(EventsAdmin):
    def get_queryset(self, request):
        events = super().get_queryset(request)
        if request.user.has_perm(MANAGE_TOKENS):
            return events
        return events.exclude(pgh_model=TOKEN_EVENTS)
