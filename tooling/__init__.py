"""Tooling that is not the archive itself: fictional demo data, its bulk loading,
the search evaluation and benchmark, and the local servers of `make run`.

Nothing here is part of the deployed package (pyproject, .dockerignore): the archive
never imports it. Everything it writes is marked fictional.
"""
