"""Fault drills: each breaks one real part (PostgreSQL, Redis, the media folder, a
worker) for a bounded time, on 127.0.0.1 only, and checks what the archive does."""

import socket


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
