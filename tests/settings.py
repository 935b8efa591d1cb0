"""The test suite's settings: the project's, with the fictional kind of what
happened installed (tests/disappearances), as a deployment would add an app."""

from archive.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.disappearances"]  # noqa: F405
