"""Issue 24.1: time to turn a hostile HTML page (one element carrying N attributes) into a
document or a refusal, with `document_from_html` (what `ingest` and `watch` use), in this
process. Run it with PYTHONPATH pointing at the code to measure:

    PYTHONPATH=src python bench/hostile_page.py 20000 300000
"""

from __future__ import annotations

import sys
import time

from babelwire.ingest.files import document_from_html
from babelwire.models import Rejection


def page(attributes: int) -> str:
    attrs = " ".join(f"a{n}=x" for n in range(attributes))
    text = "<p>" + "Officials said the bridge would reopen next week. " * 20 + "</p>"
    return f"<html><body><div {attrs}>{text}</div></body></html>"


def main(counts: list[int]) -> None:
    for count in counts:
        html = page(count)
        started = time.perf_counter()
        result = document_from_html(html, "bench.html")
        seconds = time.perf_counter() - started
        outcome = (f"refused: {result.reason}" if isinstance(result, Rejection)
                   else f"{len(result.text)} characters of text")
        print(f"{count:,} attributes ({len(html) / 1e6:.1f} MB): {outcome} in {seconds:.2f} s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20_000])
