"""Approximate dates: a date and how much of it is known (day, month or year)."""

from datetime import date

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def precision_field() -> models.CharField:
    """How much of the date beside it is known; the day unless said otherwise."""
    return models.CharField(
        _("precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )


def format_approximate(value: date | None, precision: str) -> str:
    """Only what is known: (2022-01-05, "month") -> "January 2022" (localised)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")
