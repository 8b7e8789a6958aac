"""The reading stages: parse, entities, quotes, dates, claims (registered by name on import)."""

from __future__ import annotations

import importlib

from . import nlp  # noqa: F401  (registers "parse")

# Each module registers its stage(s) when imported. A module not written yet is skipped so the
# rest of the pipeline keeps working.
for _name in ("entities", "quotes", "dates", "claims"):
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise

READ_STAGES = ("parse", "entities", "quotes", "dates", "claims")
