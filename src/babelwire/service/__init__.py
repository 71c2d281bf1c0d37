"""The application layer: one `Service` per process, which the CLI and the web call (see
docs/monitoring.md and ../shared/design/layers.md for the shape)."""

from babelwire.service.core import Service, is_database_url, service_exists

__all__ = ["Service", "is_database_url", "service_exists"]
