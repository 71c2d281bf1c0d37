"""How place names are compared (the CLDR gazetteer and the GeoNames supplement alike)."""

from __future__ import annotations

import re
import unicodedata

from babelwire.analyse.invisible import strip_invisible

_SPACES = re.compile(r"\s+")


def normalise(name: str) -> str:
    """How names are compared: NFC, casefolded, single spaces, typographic apostrophes."""
    # ё is written е as often as not ("Соединённые Штаты", CLDR's "Соединенные Штаты")
    text = unicodedata.normalize("NFC", strip_invisible(name))
    text = text.replace("’", "'").casefold().replace("ё", "е")
    if "  " not in text and text.isprintable():
        return text.strip()  # every whitespace but " " is unprintable: nothing to collapse
    return _SPACES.sub(" ", text).strip()
