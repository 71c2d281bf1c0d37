"""Issue 24.3: peak memory of fetching a decompression bomb (1 GiB of zeros, gzip or gzip, gzip)
from a local server, in a fresh process each time:

    python bench/decompression_bomb.py gzip
    python bench/decompression_bomb.py gzip2
"""

from __future__ import annotations

import resource
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from babelwire.ingest.fetch import Fetcher
from feedserver import FeedServer


def gzipped(chunks: Iterable[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(packer.compress(chunk) for chunk in chunks) + packer.flush()


def main(kind: str) -> None:
    body = gzipped(bytes(1 << 20) for _ in range(1024))
    encoding = "gzip"
    if kind == "gzip2":
        body, encoding = gzipped([body]), "gzip, gzip"
    with FeedServer() as server:
        server.route("/bomb", body, headers={"Content-Encoding": encoding})
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        started = time.perf_counter()
        with Fetcher(timeout=30, retries=0, trust_env=False, allow_internal=True,
                     respect_robots=False) as fetcher:
            result = fetcher.fetch(server.url("/bomb"))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{encoding}: {len(body):,} bytes on the wire -> {result.error}; peak RSS "
          f"{before} -> {after} MB; {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "gzip2")
