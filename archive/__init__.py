"""The Qantar archive's project package: settings, routes, Celery app, WSGI/ASGI."""

from .celery import app as celery_app

__all__ = ["celery_app"]
