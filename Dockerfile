# ACT Scorecard Bot: `docker build -t actbot .` then
#   docker run -d -v actbot-data:/var/lib/actbot actbot
# The database, outbox and heartbeat live in the volume; credentials come from the
# environment (-e / --env-file) or secret files, never from the image.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cards ./cards
COPY storage ./storage
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ACTBOT_DATA_DIR=/app/data \
    ACTBOT_DATABASE_URL=sqlite:////var/lib/actbot/actbot.sqlite3 \
    ACTBOT_OUTBOX=/var/lib/actbot/outbox \
    ACTBOT_HEARTBEAT_FILE=/var/lib/actbot/heartbeat \
    ACTBOT_BLUESKY_SESSION_FILE=/var/lib/actbot/bluesky.session
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /var/lib/actbot --create-home actbot
WORKDIR /app
COPY data ./data
COPY config.example.toml ./config.example.toml
USER actbot
VOLUME ["/var/lib/actbot"]
# The scheduler touches the heartbeat every 30 s; three minutes without one is unhealthy.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["actbot", "health", "--max-age", "180"]
ENTRYPOINT ["actbot"]
CMD ["run"]
