# ACT Scorecard Bot image. Build and run (details: docs/containers.md):
#   docker build -t actbot .
#   docker run -d --name actbot -v actbot-data:/var/lib/actbot actbot
# The database, outbox and heartbeat live in the volume; credentials come from the
# environment (-e / --env-file) or secret files (ACTBOT_<NAME>_FILE), never from the image.
#
# BASE is pinned to an exact release tag, so a rebuild gets the same Python and Debian
# release. Docker Hub rebuilds a tag when Debian ships fixes, so the tag alone is not
# byte-for-byte reproducible: to pin the bytes too, append the digest of the tag you tested,
#   skopeo inspect --format '{{.Digest}}' docker://docker.io/library/python:3.12.13-slim-bookworm
#   (or: docker buildx imagetools inspect python:3.12.13-slim-bookworm)
# as BASE=python:3.12.13-slim-bookworm@sha256:<digest>, and refresh it the same way.
# No digest is pinned here: no registry was reachable where this file was written, and a
# digest nobody has checked is worse than none. Any Debian-based image whose `python3` is
# 3.11 or newer with the venv module works as BASE (docs/containers.md builds on one).
ARG BASE=python:3.12.13-slim-bookworm

# --- build: the project and its dependencies into a virtual environment --------------------
FROM ${BASE} AS build
# A PyPI mirror, where pypi.org is not reachable from the build: pip reads the variable
# itself. Left unset, pip uses pypi.org; a build argument is not kept in the final image.
ARG PIP_INDEX_URL
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
# `python3 -m venv`: the official images' python is /usr/local/bin, Debian's /usr/bin; the
# venv's interpreter is a link to whichever BASE has, so both stages must use the same BASE.
RUN python3 -m venv /opt/venv
WORKDIR /src
# Only what the package is built from: tests, docs and benchmarks stay out (.dockerignore).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cards ./cards
COPY storage ./storage
# A non-editable install, byte-compiled, so the image starts fast and never writes .pyc;
# then pip leaves the environment: nothing installs packages at run time. (setuptools
# stays: a dependency imports its pkg_resources, see pyproject.toml.)
# A network whose TLS is intercepted needs its CA bundle: pass it as a build secret
# (--secret id=pip_cert,src=/etc/ssl/certs/ca-certificates.crt); a secret mount is never
# written into a layer. Without one, pip uses the certificates BASE ships.
RUN --mount=type=secret,id=pip_cert \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi \
    && /opt/venv/bin/pip install . \
    && /opt/venv/bin/python -m pip uninstall --yes pip \
    && /opt/venv/bin/actbot --help >/dev/null

# --- final: the environment, the bundled data, an unprivileged user --------------------------
FROM ${BASE}
# The settings' own names (ACTBOT_<SECTION>__<KEY>), so compose or `docker run -e` with the
# same name replaces a default here; the older short names (ACTBOT_DATABASE_URL) would
# conflict with these instead of replacing them.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ACTBOT_SOURCES__BUNDLED__DATA_DIR=/app/data \
    ACTBOT_DATABASE__URL=sqlite:////var/lib/actbot/actbot.sqlite3 \
    ACTBOT_PUBLISHING__OUTBOX=/var/lib/actbot/outbox \
    ACTBOT_SCHEDULER__HEARTBEAT_FILE=/var/lib/actbot/heartbeat \
    ACTBOT_BLUESKY__SESSION_FILE=/var/lib/actbot/bluesky.session
# A system user with no home directory (HOME=/nonexistent, the Debian convention): the
# volume holds the bot's state and nothing else, no .bashrc or .profile. Its directory is
# made here, owned by the user, so a new named volume is created with that owner.
# Fixed ids (10001), so secret files and bind mounts can be given to the user on the host.
RUN groupadd --system --gid 10001 actbot \
    && useradd --system --uid 10001 --gid actbot --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin actbot \
    && install -d -o actbot -g actbot -m 0750 /var/lib/actbot
COPY --from=build /opt/venv /opt/venv
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
