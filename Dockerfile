# The bot as an image: `docker compose up` (compose.yaml) runs it with PostgreSQL.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY flows ./flows
COPY storage ./storage
RUN pip install . \
    && useradd --create-home --uid 10001 intervisie \
    && mkdir /data && chown intervisie /data

# Not root; the working folder holds the SQLite file when DATABASE_URL is left at its default.
USER intervisie
WORKDIR /data
ENV DATABASE_URL=sqlite:////data/intervisie.db \
    PORT=3000 \
    HEALTH_PORT=8080
EXPOSE 3000 8080

# /healthz answers on PORT in HTTP mode and on HEALTH_PORT in Socket Mode (SLACK_APP_TOKEN set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ['HEALTH_PORT'] if os.environ.get('SLACK_APP_TOKEN') else os.environ['PORT']; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"]

ENTRYPOINT ["intervisie"]
CMD ["run"]
