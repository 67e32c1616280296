"""The one configuration object.

Every setting has a default and a help text (``SETTINGS``). The CLI builds a
``Config`` once (defaults, then ``BRIEFING_KG_*`` environment variables, then
command-line options) and hands it to each stage; nothing else reads the
environment.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_BASE_URI = "http://localhost:8080/"


@dataclass(frozen=True)
class Config:
    base_uri: str = field(default=DEFAULT_BASE_URI, metadata={"help": "Base of every URI minted: {base}id/{kind}/{slug}; also the public address the server links to."})
    data_dir: Path = field(default=Path("data"), metadata={"help": "Folder with sources/, facts/ and reference/."})
    out_dir: Path = field(default=Path("dist"), metadata={"help": "Where `build` publishes the current build (replaced atomically)."})
    store_dir: Path = field(default=Path("var/store"), metadata={"help": "On-disk pyoxigraph store used by `serve` (the embedded store)."})
    store_url: str | None = field(default=None, metadata={"help": "URL of an external SPARQL 1.1 server (query endpoint); replaces the embedded store."})
    store_update_url: str | None = field(default=None, metadata={"help": "Graph Store Protocol / update endpoint of the external store, if it differs from store_url."})
    include_drafts: bool = field(default=False, metadata={"help": "Publish draft (unreviewed) facts too, marked as unreviewed."})
    query_timeout: float = field(default=10.0, metadata={"help": "Seconds a SPARQL query may run before it is stopped (504)."})
    max_rows: int = field(default=10000, metadata={"help": "Result rows returned at most; a cut result says it is truncated."})
    max_body_bytes: int = field(default=1_000_000, metadata={"help": "Largest request body accepted (413 above)."})
    max_query_length: int = field(default=100_000, metadata={"help": "Longest SPARQL query text accepted, in characters."})
    max_triple_patterns: int = field(default=300, metadata={"help": "Most triple patterns a query may contain."})
    max_nesting: int = field(default=100, metadata={"help": "Deepest nesting of groups, parentheses and paths in a query."})
    cors: bool = field(default=True, metadata={"help": "Send CORS headers so browser clients elsewhere can query."})
    cache: bool = field(default=True, metadata={"help": "Keep answers per build in memory (a build is immutable)."})
    workers: int = field(default=2, metadata={"help": "gunicorn worker processes for `serve`."})
    threads: int = field(default=4, metadata={"help": "Request threads per worker (gthread); each runs its queries in a process of its own."})

    def __post_init__(self) -> None:
        if not self.base_uri.endswith("/"):
            object.__setattr__(self, "base_uri", self.base_uri + "/")
        for name in ("data_dir", "out_dir", "store_dir"):
            object.__setattr__(self, name, Path(getattr(self, name)))

    def replace(self, **changes) -> "Config":
        """A copy with some settings changed; ``None`` values are ignored."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Config":
        """Defaults, then ``BRIEFING_KG_<NAME>`` variables, then explicit overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f"BRIEFING_KG_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _coerce(f, raw)
        config = cls(**values)
        return config.replace(**overrides)


def _coerce(f: dataclasses.Field, raw: str) -> object:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if kind.startswith("bool"):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind.startswith("int"):
        return int(raw)
    if kind.startswith("float"):
        return float(raw)
    if kind.startswith("Path"):
        return Path(raw)
    return raw


SETTINGS = [(f.name, f.default, f.metadata["help"]) for f in fields(Config)]
