"""briefing-kg: bilingual press releases as a validated linked-open-data graph."""
from __future__ import annotations

__version__ = "0.1.0"
