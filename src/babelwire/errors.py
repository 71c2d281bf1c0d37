"""One exception tree for the library. The CLI and the web app translate it once, at their
boundary, into one error shape (message, code, exit status / HTTP status)."""

from __future__ import annotations


class BabelwireError(Exception):
    """Base of every error babelwire raises on purpose."""

    code = "error"  # short machine-friendly name, shown in --json and API errors
    exit_status = 1  # for the CLI
    http_status = 500  # for the web app


class InputError(BabelwireError):
    """Something the user gave us cannot be used: a file, a record, a parameter, a setting."""

    code = "bad-input"
    exit_status = 2
    http_status = 422


class SettingsError(InputError):
    """A settings file or value is wrong."""

    code = "bad-settings"


class NotFound(BabelwireError):
    """A story, article or entity that does not exist."""

    code = "not-found"
    http_status = 404


class StoreError(BabelwireError):
    """The database cannot be opened, read or written (disk full, server gone, locked...).
    What was committed before stays; a batch that failed is rolled back whole."""

    code = "store"
    exit_status = 4  # README, "Exit statuses"
    http_status = 503


class StoreUnavailable(StoreError):
    """The database cannot be used for the moment but may come back: a lost connection, or
    (SQLite) a lock held past the busy timeout, a full disk, an I/O error, the file moved,
    replaced or removed. The store reopens it on its next use; callers retry with backoff."""


class ConnectionLost(StoreUnavailable):
    """The connection to the database server broke (a restart, a network fault). The store
    opens a new connection on its next use; the caller may retry what was rolled back."""

    code = "connection-lost"


class SchemaTooNew(StoreError):
    """The database was written by a newer babelwire."""

    code = "schema-too-new"


class ConcurrentUpdate(StoreError):
    """Another writer changed shared state first; the caller retries."""

    code = "concurrent-update"
