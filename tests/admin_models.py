"""The models the admin shows, found through Django's public API."""

from django.apps import apps
from django.contrib import admin
from django.db.models import Model


def registered_models() -> list[type[Model]]:
    """Every model with an admin page (`AdminSite.is_registered`), in app order."""
    return [model for model in apps.get_models() if admin.site.is_registered(model)]
