#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests, benchmarks and trying babelwire:
#
#   eval "$(scripts/pg-throwaway.sh start)"   # sets BABELWIRE_PG_URL, BABELWIRE_PG_DIR
#   babelwire ingest articles/ --db "$BABELWIRE_PG_URL"
#   scripts/pg-throwaway.sh stop "$BABELWIRE_PG_DIR"
#
# `start [DIR]` runs initdb (trust auth, loopback only, user `postgres`) in DIR (default: a new
# temporary folder), starts the server on a free port and prints shell assignments. As root
# it runs the server as the `postgres` system user (PostgreSQL refuses to run as root).
# PG_FSYNC=on makes it durable (benchmarks); off by default (tests). $PG_BIN overrides where the server binaries are (default: Debian's PostgreSQL 15).
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
    echo "pg-throwaway: no PostgreSQL server binaries (set PG_BIN, or apt-get install postgresql)" >&2
    exit 3
fi

as_server_user() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
start)
    dir="${2:-$(mktemp -d /tmp/babelwire-pg.XXXXXX)}"
    mkdir -p "$dir"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_server_user "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    as_server_user "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export BABELWIRE_PG_DIR='$dir'"
    echo "export BABELWIRE_PG_PORT='$port'"
    echo "export BABELWIRE_PG_URL='postgresql://postgres@127.0.0.1:$port/babelwire'"
    ;;
stop)
    dir="${2:?usage: pg-throwaway.sh stop DIR}"
    if [[ -d "$dir/data" ]]; then
        as_server_user "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
