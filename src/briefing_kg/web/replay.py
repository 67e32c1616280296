"""Replay finished answers at the WSGI boundary, before Flask runs.

A build is immutable, so a GET whose answer the application marked replayable
(``REPLAYABLE`` header, stripped before sending) gives the same bytes for the
same request line and negotiation headers until the build changes. Keeping
those bytes here, in front of routing, negotiation and the query guard, makes a
repeated request cost a dictionary look-up: the part of the Python front that a
cache cannot otherwise remove.

Requests that carry conditions (If-None-Match, Range) or a body, and every
method but GET, go to the application as usual.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Iterable

REPLAYABLE = "X-Briefing-Replayable"
_HEADER_KEY = REPLAYABLE.lower()
# Request headers the answers depend on (negotiation); anything else is irrelevant to them.
_KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING")
_BYPASS_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE", "CONTENT_LENGTH",
                   "HTTP_TRANSFER_ENCODING")


class ResponseReplay:
    def __init__(self, wsgi_app, build_id: Callable[[], str], *, max_bytes: int = 64 << 20):
        self.wsgi_app = wsgi_app
        self.build_id = build_id
        self.max_bytes = max_bytes
        self.size = 0
        self.answers: OrderedDict[tuple, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def _key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        for name in _BYPASS_HEADERS:
            if environ.get(name) not in (None, "", "0"):
                return None
        return (self.build_id(), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                *(environ.get(name, "") for name in _KEY_HEADERS))

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        key = self._key(environ)
        if key is not None:
            with self.lock:
                hit = self.answers.get(key)
                if hit is not None:
                    self.answers.move_to_end(key)
            if hit is not None:
                status, headers, body = hit
                start_response(status, headers)
                return [body]
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            kept = [(n, v) for n, v in headers if n.lower() != _HEADER_KEY]
            return start_response(status, kept, exc_info) if exc_info else start_response(status, kept)

        result = self.wsgi_app(environ, capture)
        headers = captured.get("headers") or []
        if key is None or not any(n.lower() == _HEADER_KEY for n, _ in headers) \
                or not captured.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        kept = [(n, v) for n, v in headers if n.lower() != _HEADER_KEY]
        self._keep(key, (captured["status"], kept, body))
        return [body]

    def _keep(self, key: tuple, answer: tuple[str, list[tuple[str, str]], bytes]) -> None:
        size = len(answer[2]) + 512
        if size > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.answers:
                return
            self.answers[key] = answer
            self.size += size
            while self.size > self.max_bytes and self.answers:
                _, (_, _, old) = self.answers.popitem(last=False)
                self.size -= len(old) + 512
