"""HTTP API and web UI over a babelwire database: `create_app(db_path)` gives the ASGI app."""

from babelwire.web.app import create_app

__all__ = ["create_app"]
