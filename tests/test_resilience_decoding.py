"""Issue 24.3: decompression bombs. A response's Content-Encoding layers are inflated within
the size limit, every layer, as the bytes arrive; memory stays near the limit."""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from babelwire.ingest.decoding import BoundedDecoder, DecodingRefused
from babelwire.ingest.fetch import Fetcher
from feedserver import FeedServer

LIMIT = 2_000_000


def compress(data_chunks: Iterator[bytes], wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(packer.compress(chunk) for chunk in data_chunks) + packer.flush()


def zeros(total: int) -> Iterator[bytes]:
    block = bytes(1 << 20)
    for _ in range(total // len(block)):
        yield block


GZIP, ZLIB, RAW = 31, 15, -15


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    page = ("<html><body><p>" + "Ordinary words of a page. " * 2000 + "</p></body></html>"
            ).encode()
    bomb = compress(zeros(300 << 20), GZIP)  # 300 MB of zeros in about 300 KB
    with FeedServer() as running:
        running.route("/gzip.html", compress(iter([page]), GZIP),
                      headers={"Content-Encoding": "gzip"})
        running.route("/twice.html", compress(iter([compress(iter([page]), GZIP)]), GZIP),
                      headers={"Content-Encoding": "gzip, gzip"})
        running.route("/deflate.html", compress(iter([page]), ZLIB),
                      headers={"Content-Encoding": "deflate"})
        running.route("/raw-deflate.html", compress(iter([page]), RAW),
                      headers={"Content-Encoding": "deflate"})
        running.route("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
        running.route("/bomb2.html", compress(iter([bomb]), GZIP),  # 1-2 KB on the wire
                      headers={"Content-Encoding": "gzip, gzip"})
        running.route("/br.html", b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
        running.route("/corrupt.html", b"\x1f\x8b\x08\x00garbage" * 10,
                      headers={"Content-Encoding": "gzip"})
        running.page = page  # type: ignore[attr-defined]
        yield running


def fetcher() -> Fetcher:
    return Fetcher(timeout=10, retries=0, trust_env=False, allow_internal=True,
                   respect_robots=False, max_bytes=LIMIT)


@pytest.mark.parametrize("path", ["/gzip.html", "/twice.html", "/deflate.html",
                                  "/raw-deflate.html"])
def test_encoded_pages_are_decoded(server: FeedServer, path: str) -> None:
    with fetcher() as client:
        result = client.fetch(server.url(path))
    assert result.ok, result.reason
    assert result.content == server.page  # type: ignore[attr-defined]
    assert server.requests[-1][1]["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("path", ["/bomb.html", "/bomb2.html"])
def test_a_decompression_bomb_stops_at_the_limit_without_inflating(server: FeedServer,
                                                                   path: str) -> None:
    with fetcher() as client:
        tracemalloc.start()
        try:
            result = client.fetch(server.url(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.error == "too-large" and "decompresses to more than" in result.detail
    assert peak < 8 * LIMIT  # before: 300 MB (one gzip layer) or more (two)


@pytest.mark.parametrize(("path", "words"), [("/br.html", "'br'"),
                                             ("/corrupt.html", "corrupt")])
def test_unknown_or_corrupt_encodings_are_refused(server: FeedServer, path: str,
                                                  words: str) -> None:
    with fetcher() as client:
        result = client.fetch(server.url(path))
    assert result.error == "bad-encoding" and words in result.detail


def test_the_decoder_counts_every_layer_as_it_goes() -> None:
    data = compress(iter([compress(zeros(50 << 20), GZIP)]), GZIP)
    decoder = BoundedDecoder("gzip, gzip", 10 << 20)
    with pytest.raises(DecodingRefused) as refused:
        for start in range(0, len(data), 100):  # tiny network chunks
            decoder.feed(data[start:start + 100])
    assert refused.value.reason == "too-large" and decoder.size <= (10 << 20) + 65536
    small = BoundedDecoder("gzip", 10 << 20)
    body = compress(zeros(3 << 20), GZIP)
    assert len(small.feed(body) + small.finish()) == 3 << 20
    with pytest.raises(DecodingRefused):
        BoundedDecoder("gzip, gzip, gzip, gzip", 100)
