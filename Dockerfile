# The production image: gunicorn serves the site, whitenoise its static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media

RUN groupadd --system archive && useradd --system --gid archive --home /app archive

# pg_dump and pg_restore for `manage.py backup` and `restore`, as new as the server
# (postgres:16), from the PostgreSQL project's own Debian repository.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*
ENV PG_BIN=/usr/lib/postgresql/16/bin

WORKDIR /app
COPY pyproject.toml README.md ./
COPY archive ./archive
COPY victims ./victims
COPY allegations ./allegations
COPY sources ./sources
COPY submissions ./submissions
COPY reports ./reports
RUN pip install .
COPY . .

# collectstatic needs settings but no services; these values exist only for this step.
RUN DJANGO_SECRET_KEY=collectstatic-only-never-a-secret-0123456789-abcdefghijklmnop \
    DJANGO_ALLOWED_HOSTS=localhost API_TRUSTED_PROXIES=1 \
    SUBMISSION_CONTACT_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXNlY3JldCE= \
    RECORD_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXNlY3JldCE= BACKUP_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXNlY3JldCE= \
    DATABASE_URL=postgres://unused@localhost/unused REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media /backups && chown -R archive:archive /data /backups

USER archive
EXPOSE 8000
# gunicorn.conf.py (copied above) sets the bind address, gthread workers and logs.
CMD ["gunicorn", "archive.wsgi:application"]
