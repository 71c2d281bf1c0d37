"""The cheap scan that refuses pathological HTML before any parser sees it (see
`babelwire.ingest.htmlbound`, which also bounds the parse itself by time). Kept apart from the
worker so that `ingest.files` can scan a page without importing the worker that imports it."""

from __future__ import annotations

import re

MAX_ATTRIBUTES_PER_ELEMENT = 1_000
MAX_ELEMENTS = 150_000
MAX_ATTRIBUTES = 400_000
TOO_COMPLEX = "too-complex"

# A start tag as the HTML tokenizer reads it: quoted values may hold '>' and '<'. Possessive
# quantifiers and atomic groups: the scan never backtracks, so it stays linear.
_START_TAG = re.compile(
    r"""<[A-Za-z][^\s/>]*+(?>[\s/]++[^\s/>"'=]++(?>\s*+=\s*+(?>"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+)*+""")
_ATTRIBUTE = re.compile(r"""[\s/]++[^\s/>"'=]++(?>\s*+=\s*+(?>"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+""")
_LONG_TAG = 4 * MAX_ATTRIBUTES_PER_ELEMENT  # shorter tags cannot hold too many attributes


def markup_problem(html: str) -> str | None:
    """Why `html` is too complex to parse safely, or None when it is within the bounds."""
    attributes = 0
    for elements, match in enumerate(_START_TAG.finditer(html), start=1):
        start, end = match.span()
        if end - start > _LONG_TAG or attributes + (end - start) // 2 > MAX_ATTRIBUTES:
            count = len(_ATTRIBUTE.findall(html, start + 1, end))
            if count > MAX_ATTRIBUTES_PER_ELEMENT:
                return (f"an element with {count:,} attributes (at most "
                        f"{MAX_ATTRIBUTES_PER_ELEMENT:,}); the page was not parsed")
            attributes += count
        else:
            attributes += match.group().count("=")  # a close upper bound, cheap
        if elements > MAX_ELEMENTS:
            return f"more than {MAX_ELEMENTS:,} elements; the page was not parsed"
        if attributes > MAX_ATTRIBUTES:
            return f"more than {MAX_ATTRIBUTES:,} attributes; the page was not parsed"
    return None
