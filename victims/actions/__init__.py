"""Every write to people and what happened to them, one module a concern: list
decisions and linkage, the background import of staff sheets, erasure on request,
and the rebuilding of name keys. Pages, the admin, the API, tasks and commands call
these; none writes records itself."""
