# Triáda: the web, worker and beat image (see docker-compose.yml and README.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=triada.settings.production \
    TRIADA_STATIC_ROOT=/app/var/static \
    TRIADA_MEDIA_ROOT=/app/var/media

# gettext: compilemessages; pango/harfbuzz/fonts: WeasyPrint (PDF of the plan);
# poppler-utils: text extraction of uploaded PDFs; libpq5: PostgreSQL client library;
# postgresql-client: pg_dump/pg_restore for `manage.py backup`/`restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libharfbuzz0b \
        fonts-dejavu-core poppler-utils libpq5 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 triada
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir uv \
    && uv pip install --system --no-cache -r requirements.txt

COPY --chown=triada:triada . .

# Build-time steps run under the production settings with a throwaway key and
# database, so the static manifest is the one production serves.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    sh -c 'python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules \
        && python manage.py collectstatic --noinput -v0' \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/var/media && chown -R triada:triada /app/var

USER triada
EXPOSE 8000
CMD ["docker/bin/web"]
