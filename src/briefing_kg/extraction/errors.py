"""Extraction's own error: bad input, named plainly (the CLI exits 2)."""
from __future__ import annotations

from ..errors import InputError


class ExtractionError(InputError):
    """A text that cannot be extracted from (empty, broken encoding, not Kazakh or Russian)."""
