"""Loaded with `-p` before pytest-django imports settings (see pyproject.toml).

Tests run with development settings (no HTTPS redirect); the production settings are
exercised by tests/archive/test_settings.py in subprocesses of their own.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
