"""Domain errors become HTTP answers here, and only here, in one shape.

A 4xx names what the client should change; a 5xx means our bug (or a store
that is down) and never carries internals. The same error is rendered as
HTML for browsers, JSON when asked for (``Accept: application/json`` or a
``.json`` path) and plain text otherwise (SPARQL clients print the body).

JSON shape: ``{"ok": false, "status": 400, "error": "Bad Request",
"message": "..."}``.
"""
from __future__ import annotations

import html
import json
import logging

from flask import Flask, Response, render_template, request
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from .. import formats
from ..errors import BriefingError, InputError, StoreError

log = logging.getLogger(__name__)


class HTTPProblem(BriefingError):
    """An error whose HTTP status is part of its meaning."""

    status = 400

    def __init__(self, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(HTTPProblem):
    status = 400


class QueryRefused(HTTPProblem):
    """A query the guard refuses before evaluation (too deep, too long, SERVICE...)."""

    status = 400


class UpdateRefused(HTTPProblem):
    """This endpoint is read-only."""

    status = 403


class NotAcceptable(HTTPProblem):
    status = 406

    def __init__(self, what: str, offered: list[formats.Format], *, message: str | None = None):
        types = ", ".join(f.media_type for f in offered)
        super().__init__(message or f"cannot answer {what} in any format the Accept header allows; "
                         f"ask for one of: {types}")


class UnsupportedMediaType(HTTPProblem):
    status = 415


class PayloadTooLarge(HTTPProblem):
    status = 413


class MethodNotAllowed(HTTPProblem):
    status = 405

    def __init__(self, message: str, allowed: list[str]):
        super().__init__(message, headers={"Allow": ", ".join(allowed)})


def status_of(error: BaseException) -> int:
    """The HTTP status of an error; 500 for anything not known to be the client's doing."""
    from ..store import InvalidQuery, QueryTimeout, StoreUnavailable

    if isinstance(error, HTTPException):
        return error.code or 500
    if isinstance(error, HTTPProblem):
        return error.status
    if isinstance(error, InvalidQuery):
        return 400
    if isinstance(error, QueryTimeout):
        return 504
    if isinstance(error, StoreUnavailable):
        return 503
    if isinstance(error, InputError):
        return 400
    return 500


def _message(error: BaseException, status: int) -> str:
    if status >= 500 and not isinstance(error, (HTTPException, StoreError, HTTPProblem)):
        return "an internal error occurred; it has been logged"
    if isinstance(error, HTTPException):
        return error.description or HTTP_STATUS_CODES.get(status, "")
    return str(error)


def _wants(accept: str | None) -> str:
    if request.path.endswith(".json"):
        return "json"
    chosen = formats.negotiate(accept or "text/plain", (_TEXT, _JSON, formats.HTML))
    if chosen is formats.HTML:
        return "html"
    return "json" if chosen is _JSON else "text"


_TEXT = formats.Format("text", formats.PAGE, "text/plain", "txt", "text")
_JSON = formats.Format("json-error", formats.PAGE, "application/json", "json", "JSON")


def error_response(error: BaseException) -> Response:
    """Render ``error`` in the one error shape."""
    status = status_of(error)
    title = HTTP_STATUS_CODES.get(status, "Error")
    message = _message(error, status)
    kind = _wants(request.headers.get("Accept"))
    if kind == "json":
        body = json.dumps({"ok": False, "status": status, "error": title, "message": message},
                          ensure_ascii=False)
        response = Response(body, status=status, content_type="application/json; charset=utf-8")
    elif kind == "html":
        try:
            body = render_template("error.html", status=status, title=title, message=message)
        except TemplateNotFound:
            body = _FALLBACK_HTML.format(status=status, title=html.escape(title),
                                         message=html.escape(message))
        response = Response(body, status=status, content_type="text/html; charset=utf-8")
    else:
        response = Response(f"{status} {title}: {message}\n", status=status,
                            content_type="text/plain; charset=utf-8")
    headers = getattr(error, "headers", None)
    if isinstance(headers, dict):
        response.headers.update(headers)
    if isinstance(error, HTTPException) and error.code == 405:
        allowed = error.valid_methods if hasattr(error, "valid_methods") else None
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-store"
    return response


_FALLBACK_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{status} {title}</title></head>
<body><h1>{status} {title}</h1><p>{message}</p></body></html>
"""


def _handle(error: BaseException) -> Response:
    status = status_of(error)
    if status == 500:
        log.error("%s %s failed", request.method, request.path, exc_info=error)
    elif status >= 500:  # a stopped query or a store that is down: expected, no traceback
        log.warning("%s %s: %s %s", request.method, request.path, status, error)
    return error_response(error)


def register(app: Flask) -> None:
    """Install the one error handler for HTTP errors, our errors and bugs."""
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(BriefingError, _handle)
    app.register_error_handler(Exception, _handle)
