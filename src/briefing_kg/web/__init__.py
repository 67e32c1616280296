"""The web application: a Flask application factory with one blueprint per area.

``create_app(config)`` reads nothing at import time; gunicorn runs the same
factory (``briefing_kg.web:create_app()``, see ``serve.py``), so development,
tests and production share one path. The app reads the store and the build's
files (``config.out_dir``) and nothing else.

Blueprints reach what they need through :func:`site`, never through globals::

    from briefing_kg.web import site
    store = site().store          # a briefing_kg.store.Store
    base = site().config.base_uri
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

from ..config import Config

if TYPE_CHECKING:
    from ..store import Store

EXTENSION_KEY = "briefing_kg"


@dataclass
class Site:
    """What every request handler may use: the configuration and the store."""

    config: Config
    store: "Store"

    @property
    def build_dir(self) -> Path:
        """The published build the app serves files from (dumps, catalog)."""
        return self.config.out_dir

    @property
    def build_id(self) -> str:
        return self.store.build_id


class _PinnedHost:
    """WSGI middleware: every URL Werkzeug builds (redirects included) uses the configured base.

    The request's Host, X-Forwarded-* and Forwarded headers can then never steer a
    Location or a link, whichever code path builds it.
    """

    def __init__(self, wsgi_app, base_uri: str):
        from urllib.parse import urlsplit

        parts = urlsplit(base_uri)
        self.wsgi_app = wsgi_app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.server_name = parts.hostname or "localhost"
        self.server_port = str(parts.port or (443 if parts.scheme == "https" else 80))

    def __call__(self, environ, start_response):
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"] = self.server_name
        environ["SERVER_PORT"] = self.server_port
        environ["wsgi.url_scheme"] = self.scheme
        return self.wsgi_app(environ, start_response)


def site() -> Site:
    """The :class:`Site` of the current application."""
    return current_app.extensions[EXTENSION_KEY]


def create_app(config: Config | None = None, *, store=None) -> Flask:
    """Build the application.

    :param config: the one configuration; ``Config.from_env()`` when omitted
        (that is what gunicorn workers get, the CLI passes settings through
        ``BRIEFING_KG_*`` variables).
    :param store: a ready :class:`briefing_kg.store.Store`; when omitted the
        store named by the configuration is opened (the embedded store's
        current build read-only, or ``config.store_url``).
    """
    if config is None:
        config = Config.from_env()
    if store is None:
        from ..store import open_store

        store = open_store(config)
    here = Path(__file__).parent
    app = Flask(
        __name__,
        static_folder=str(here / "static"),
        static_url_path="/static",
        template_folder=str(here / "templates"),
    )
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    # Werkzeug answers "//x" with a redirect built from the Host header; our paths have no
    # doubled slashes to merge, so that redirect is never needed and must never be steered.
    app.url_map.merge_slashes = False
    app.wsgi_app = _PinnedHost(app.wsgi_app, config.base_uri)
    # Redirects and links come from the configured base, never the Host header.
    app.config["PREFERRED_URL_SCHEME"] = config.base_uri.split(":", 1)[0]
    app.json.ensure_ascii = False
    app.extensions[EXTENSION_KEY] = Site(config=config, store=store)

    from . import errors

    errors.register(app)
    if config.cors:
        app.after_request(_cors)

    # --- blueprints: sparql (store area); entities, downloads, pages (web-pages area).
    # Registered when their modules exist, so each area can land on its own.
    for module_name in ("sparql", "entities", "downloads", "pages"):
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{module_name}":
                raise
            continue
        app.register_blueprint(module.blueprint)
    # ---------------------------------------------------------------------------
    if config.cache:
        from .replay import ResponseReplay

        the_site = app.extensions[EXTENSION_KEY]
        app.wsgi_app = ResponseReplay(app.wsgi_app, lambda: the_site.store.build_id)
    return app


def _cors(response):
    """Any origin may read what is public anyway; no credentials are involved."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "X-SPARQL-Truncated, Link, ETag, Content-Length"
    return response
