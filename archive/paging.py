"""How API lists are paged (read from settings by DRF, like archive.access)."""

from rest_framework import pagination

MAX_PAGE_SIZE = 500


class UpdatedCursorPagination(pagination.CursorPagination):
    """Pages in order of last change, oldest first, so that a partner's sync can
    resume where it stopped; the cursor never counts rows (cheap at any size)."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ReferenceCursorPagination(UpdatedCursorPagination):
    """For reference data that has no change time (places, organisations)."""

    ordering = ("uuid",)
