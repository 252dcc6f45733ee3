# Production-like image: gunicorn for the web, the same image for Celery.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MAILLAGE_VAR_DIR=/app/var

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
# The locked versions (hashes checked), then the project without resolving again.
RUN pip install --no-cache-dir --upgrade pip \
 && pip install --no-cache-dir --require-hashes -r requirements.lock \
 && pip install --no-cache-dir --no-deps .
COPY . .
RUN SECRET_KEY=build-only-secret-key-used-for-collectstatic-0123456789abcdef \
    python manage.py collectstatic --no-input \
 && python manage.py compilemessages --ignore=.venv \
 && useradd --create-home maillage \
 # Mount points of the shared volumes (media, private) and of beat's schedule,
 # owned by the app user: a new named volume takes their owner.
 && mkdir -p /app/var/media /app/var/private /app/var/beat \
 && chown -R maillage /app/var
USER maillage

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
