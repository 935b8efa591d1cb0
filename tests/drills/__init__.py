"""Fault drills: each breaks one real part (PostgreSQL, Redis, the media folder, a
worker) for a bounded time, on 127.0.0.1 only, and checks what the archive does."""
