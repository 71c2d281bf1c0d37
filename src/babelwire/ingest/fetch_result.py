"""What one fetch returned (`Fetcher.fetch`): status, body, headers, or a short reason code
with a sentence, and the body decoded as the page declares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int | None = None  # None when no response arrived
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lowercase names
    error: str | None = None  # short reason code; None on success and on 304
    detail: str = ""  # one human sentence about the error
    redirects: list[str] = field(default_factory=list)
    attempts: int = 1
    elapsed: float = 0.0
    deadline_expired: bool = False  # the whole-request deadline cut it off: not retried now

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def transient(self) -> bool:
        """Worth retrying later: timeouts, connection faults, 5xx and 429."""
        if self.error in ("timeout", "network"):
            return True
        return self.status is not None and (self.status >= 500 or self.status == 429)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def reason(self) -> str:
        """'code: detail' for logs."""
        return f"{self.error}: {self.detail}" if self.detail else str(self.error)

    def text(self) -> str:
        """The body decoded: HTTP charset, then <meta charset>, then UTF-8, then detection."""
        data = self.content
        candidates = []
        header = re.search(r"charset=[\"']?([A-Za-z0-9._:-]+)", self.content_type, re.I)
        if header:
            candidates.append(header.group(1))
        meta = _META_CHARSET.search(data[:4096])
        if meta:
            candidates.append(meta.group(1).decode("ascii"))
        candidates.append("utf-8")
        for charset in candidates:
            try:
                return data.decode(charset).lstrip("\ufeff")
            except (UnicodeDecodeError, LookupError):
                continue
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")
