"""Start the real program, ``briefing-kg serve`` (gunicorn, several workers), on
127.0.0.1 and a free port, wait until it answers, stop it at the end.

Every live test (SPARQL, pages, browser, hostile, conformance) uses this one helper."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.conftest import copy_data  # noqa: F401  (re-exported for the live tests)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    script = Path(sys.executable).parent / "briefing-kg"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "briefing_kg"]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"briefing-kg serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "sparql?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"briefing-kg serve did not answer within {timeout} s:\n{log.read_text(errors='replace')}")


@contextmanager
def running_server(workdir: Path, *, port: int | None = None, args: tuple[str, ...] = (),
                   env: dict[str, str] | None = None, startup_timeout: float = 180.0,
                   base_uri: str | None = None) -> Iterator[str]:
    """Yields the server's URL; its --base-uri is that URL unless ``base_uri`` is given."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    base = base_uri or url
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"serve-{port}.log"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_KG_")}
    full_env.update(env or {})
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--base-uri", base, *args],
            cwd=workdir, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(url, proc, startup_timeout, log)
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextmanager
def serving_the_shipped_data(workdir: Path, **options) -> Iterator[str]:
    """A server over a private copy of data/ in ``workdir``, building it first."""
    copy_data(workdir)
    with running_server(workdir, **options) as url:
        yield url
