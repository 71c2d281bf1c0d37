"""`babelwire serve`: the JSON API and web UI (babelwire.web) over a database, on loopback by
default. Registered by the main CLI with `cli.add_command(serve)`."""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import secrets
import socket
from pathlib import Path
from typing import Any

import click

from babelwire.cli.common import db_option, load_settings, open_service, settings_option
from babelwire.errors import BabelwireError, NotFound
from babelwire.service import Service, service_exists

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on. Anything but loopback makes the server reachable "
                   "from other machines: set a token then.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--token", envvar="BABELWIRE_TOKEN", show_envvar=True, default=None,
              help="API token: when set, writes (POST /api/articles, watchlists, corrections) "
                   "need the header 'Authorization: Bearer <token>', and the story page's "
                   "correction buttons ask for it.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name (repeatable; '*.example.org' for a "
                   "domain, '*' for any). By default only the names of --host are answered, "
                   "which keeps DNS-rebinding pages out.")
@settings_option
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes on the one port (each with its own connections; with "
                   "PostgreSQL, run more on other machines too).")
@click.option("--deliver/--no-deliver", default=True, show_default=True,
              help="POST the watchlists' webhook alerts in the background while serving (as "
                   "`babelwire alerts --deliver` does once); each alert once, whichever "
                   "process takes it.")
@click.option("--create", is_flag=True,
              help="Start with a new, empty database when --db names none (without it a "
                   "missing database is an error: a mistyped name must not serve nothing).")
def serve(db_path: Path, host: str, port: int, token: str | None,
          allow_hosts: tuple[str, ...], settings_path: Path | None, log_level: str,
          workers: int, deliver: bool, create: bool) -> None:
    """Serve the web UI and the JSON API over the database.

    \b
    Pages:  /  (stories)   /stories/ID   /entities/KEY   /search?q=...
    API:    /api/stories  /api/stories/ID  /api/articles  /api/entities  /api/search
            POST /api/articles (add articles)   reference: /docs, schema: /openapi.json
    """
    import uvicorn

    from babelwire.web import create_app
    from babelwire.web.guard import default_allowed_hosts
    from babelwire.web.limits import server_options

    settings = load_settings(settings_path)
    fresh = not service_exists(db_path)
    if fresh and not create:
        raise NotFound(f"no database at {db_path}: run `babelwire ingest ...` or `babelwire "
                       "demo` first, check --db, or pass --create to serve a new, empty one")
    with open_service(db_path) as checked:
        checked.counts()  # creates or migrates it, and fails early on a bad file
    check_port_free(host, port)
    if not is_loopback(host) and not token:
        click.echo(f"warning: listening on {host} without a token: anyone who can reach it can "
                   "add articles (set --token or BABELWIRE_TOKEN)", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"babelwire: serving {db_path}{' (new, empty)' if fresh else ''} on "
               f"http://{shown}:{port}/  (API reference: http://{shown}:{port}/docs; "
               f"writes {'need the token' if token else 'are open'}; Ctrl+C stops)", err=True)
    hosts = [*default_allowed_hosts(host), *(h.strip().lower() for h in allow_hosts)]
    form_secret = secrets.token_hex(32)  # one for every worker: a page's form may meet another
    if workers > 1:
        # Each worker process builds its own app from this description (uvicorn imports it).
        os.environ[_APP_ENV] = json.dumps({
            "db": str(db_path), "token": token, "hosts": hosts, "form_secret": form_secret,
            "deliver": deliver,
            "settings": str(settings_path) if settings_path else None})
        uvicorn.run("babelwire.cli.serve:app_from_environment", factory=True, host=host,
                    port=port, workers=workers, log_level=log_level, **server_options())
        return
    # The process's one service: its stores, warm pipeline and encoder serve every request.
    app = create_app(service=Service(db_path, settings), token=token, allowed_hosts=hosts,
                     form_secret=form_secret, deliver_webhooks=deliver)
    uvicorn.run(app, host=host, port=port, log_level=log_level, **server_options())


_APP_ENV = "BABELWIRE_SERVE_APP"


def check_port_free(host: str, port: int) -> None:
    """Fail before announcing the server when the address cannot be bound (another server on
    the port, a host name that is not this machine's), instead of uvicorn's raw log line."""
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ServeError(f"cannot listen on {host}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # as uvicorn binds: a port left in TIME_WAIT by a server that just stopped is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (another babelwire "
                                 "serve?): stop it or choose another with --port") from None
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None


class ServeError(BabelwireError):
    """The server cannot listen where it was told to."""

    code = "cannot-listen"


def app_from_environment() -> Any:
    """The app of `serve --workers N`, built in each worker process."""
    from babelwire.web import create_app

    config = json.loads(os.environ[_APP_ENV])
    return create_app(config["db"], token=config["token"],
                      settings=load_settings(Path(config["settings"]) if config["settings"]
                                             else None), allowed_hosts=config["hosts"],
                      form_secret=config.get("form_secret"),
                      deliver_webhooks=bool(config.get("deliver")))
