"""A real server for the live tests of the pages: ``briefing-kg serve`` started as a
subprocess on 127.0.0.1 (gunicorn on ``create_app()`` while ``serve`` is not there),
over a private copy of data/, with the base URI of the port it listens on."""
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

from briefing_kg.config import Config
from tests.conftest import copy_data

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _has_serve() -> bool:
    result = subprocess.run([str(BIN / "briefing-kg"), "serve", "--help"], capture_output=True)
    return result.returncode == 0


def _wait(base: str, process: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(base, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log.read_text(errors='replace')[-4000:]}")


@contextmanager
def running_server(tmp: Path) -> Iterator[str]:
    """Yield the base URL of a running server; stop it (and its workers) afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    data = copy_data(tmp)
    env = {
        **os.environ,
        "BRIEFING_KG_DATA_DIR": str(data),
        "BRIEFING_KG_OUT_DIR": str(tmp / "dist"),
        "BRIEFING_KG_STORE_DIR": str(tmp / "store"),
        "BRIEFING_KG_BASE_URI": base,
    }
    if _has_serve():
        command = [str(BIN / "briefing-kg"), "serve", "--host", "127.0.0.1", "--port", str(port),
                   "--base-uri", base]
    else:
        from briefing_kg.pipeline import build_release

        build_release(Config(base_uri=base, data_dir=data, out_dir=tmp / "dist", store_dir=tmp / "store"))
        command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                   "briefing_kg.web:create_app()"]
    log = tmp / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait(base, process, log)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
