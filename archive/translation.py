"""Reading the field that matches the active language (name_kk, name_ru, name_en)."""

from django.utils.translation import get_language


def localised(obj: object, field: str, fallback: str | None = None) -> str:
    """`localised(place, "name")`: place.name_kk under Kazakh, else name_en."""
    language = (get_language() or "en")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(
        obj, fallback or f"{field}_en"
    )
