"""Which network addresses the watcher may fetch from.

A feed is untrusted input: an item (or a redirect) pointing at 127.0.0.1:6379, `localhost`,
`2130706433` (127.0.0.1 as one integer), `[::1]` or 10.0.0.5 would turn the watcher into a proxy
into the network it runs in, and `serve` would then show what it found. Such targets are
refused unless the source's own host is one of them (a feed on the local network) or the
source says `allow_private = true`.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

_IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_internal_ip(ip: str) -> bool:
    """Loopback, private, link-local, unspecified, multicast or otherwise not global."""
    try:
        address: _IP = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            address = mapped
    return not address.is_global or address.is_multicast


def literal_ip(host: str) -> str | None:
    """The address a host written as an IP literal stands for, in any spelling the C library
    accepts ('127.0.0.1', '127.1', '0x7f000001', '2130706433', '::1'); None for a name."""
    host = host.strip("[]").rstrip(".")
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def internal_host(host: str, resolve: bool = True) -> bool:
    """Whether `host` is (or, with `resolve`, resolves to) an internal address."""
    host = host.strip().lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    ip = literal_ip(host)
    if ip is not None:
        return is_internal_ip(ip)
    return resolve and any(is_internal_ip(ip) for ip in _resolve(host))


@lru_cache(maxsize=1024)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    return tuple(str(info[4][0]) for info in infos)


def internal_url(url: str, resolve: bool = True) -> bool:
    """Whether the host of `url` is internal (see `internal_host`)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return False
    return bool(host) and internal_host(host, resolve)
