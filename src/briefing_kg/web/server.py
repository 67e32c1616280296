"""``briefing-kg serve``: the latest valid build, behind gunicorn.

The command prepares the store once, in the master process (build if there
is no build, load the embedded store when the build id changed), then hands
``create_app(config)`` to gunicorn. Each worker builds its own app after the
fork: its own read-only store handle and its own query process, so a killed
query or worker never takes another's state with it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import Config
from ..store import TRIG_FILE, build_base_uri, ensure_loaded

# pyoxigraph evaluation runs in a child the worker waits on; gunicorn must not
# kill the waiting worker before the child's own limit answers 504.
WORKER_GRACE_SECONDS = 30
# The longest GET line gunicorn accepts (its maximum); longer queries are POSTed.
REQUEST_LINE_LIMIT = 8190


@dataclass(frozen=True)
class Prepared:
    config: Config
    built: bool
    build_id: str | None


def needs_build(config: Config) -> bool:
    """No build in ``out_dir``, or one minted under another base URI."""
    if not (config.out_dir / TRIG_FILE).is_file():
        return True
    base = build_base_uri(config.out_dir)
    return base is not None and base != config.base_uri


def prepare(config: Config, *, progress: Callable[[str], None] = lambda _m: None) -> Prepared:
    """Build first when needed, then (re)load the embedded store; nothing for a remote store."""
    if config.store_url:
        return Prepared(config, False, None)
    built = False
    if needs_build(config):
        from ..pipeline import build_release  # the build stage; imported only when needed

        progress(f"no build for {config.base_uri} in {config.out_dir}: building it")
        build_release(config, progress=progress)
        built = True
    progress("loading the build into the store")
    loaded = ensure_loaded(config)
    return Prepared(config, built, loaded.build_id)


def run_one_request(config: Config, path: str, *, accept: str | None = None) -> tuple[int, bytes, str]:
    """Datasette's ``--get``: one request through the real app, no server. Returns (status, body, type)."""
    from . import create_app

    app = create_app(config)
    try:
        headers = {"Accept": accept} if accept else {}
        response = app.test_client().get(path, headers=headers)
        return response.status_code, response.get_data(), response.content_type or ""
    finally:
        app.extensions["briefing_kg"].store.close()


def run_gunicorn(config: Config, host: str, port: int, workers: int, *, access_log: bool = False) -> None:
    """Serve ``create_app(config)`` with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            settings = {
                "bind": f"{host}:{port}" if ":" not in host else f"[{host}]:{port}",
                "workers": workers,
                # Threads, not sync workers: gunicorn lingers up to 2 s on a closing
                # connection, and a sync worker can do nothing else meanwhile; a
                # thread waiting on a slow query or a slow client blocks only itself.
                "worker_class": "gthread",
                "threads": config.threads,
                "timeout": int(config.query_timeout) + WORKER_GRACE_SECONDS,
                "graceful_timeout": 10,
                "limit_request_line": REQUEST_LINE_LIMIT,
                "errorlog": "-",
                "accesslog": "-" if access_log else None,
                # worker pid and seconds taken: which worker answered, and how fast
                "access_log_format": '%(h)s [%(p)s] "%(r)s" %(s)s %(b)s %(L)ss',
                "proc_name": "briefing-kg",
                # One server per process tree: a shared ~/.gunicorn control socket would
                # let two servers (tests, a benchmark) step on each other.
                "control_socket_disable": True,
                # gunicorn must not trust X-Forwarded-* to build URLs; we never read them anyway.
                "forwarded_allow_ips": "",
            }
            for key, value in settings.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            from . import create_app

            return create_app(config)

    Application().run()


def serve(config: Config, host: str, port: int, workers: int, *, progress: Callable[[str], None],
          access_log: bool = False) -> None:
    prepared = prepare(config, progress=progress)
    store = config.store_url or str(Path(config.store_dir))
    print(f"briefing-kg: serving {config.base_uri} on http://{host}:{port}/ "
          f"(store: {store}{', build ' + prepared.build_id if prepared.build_id else ''}, "
          f"{workers} workers)", file=sys.stderr, flush=True)
    run_gunicorn(config, host, port, workers, access_log=access_log)
