#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS cluster for tests and benchmarks, on a local port and a
# socket in its own folder, nothing outside it touched.
#   scripts/pg-throwaway.sh start DIR   prints the OGR/libpq connection string "PG:..."
#   scripts/pg-throwaway.sh stop DIR
# PG_FSYNC=on makes commits durable (benchmarks of durable transactions); tests leave it off.
# As root it runs the server as the postgres user (initdb refuses root).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?DIR}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "pg-throwaway: PostgreSQL server not installed" >&2; exit 3; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U ls --no-locale -E UTF8 > "$dir/initdb.log" 2>&1
    port=$(( 20000 + RANDOM % 20000 ))
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses='' -c fsync=${PG_FSYNC:-off}" start > /dev/null
    as_pg "$BIN/createdb" -h "$dir" -p "$port" -U ls ls
    as_pg "$BIN/psql" -q -h "$dir" -p "$port" -U ls -d ls -c "CREATE EXTENSION postgis" > /dev/null
    echo "PG:host=$dir port=$port user=ls dbname=ls"
    ;;
stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*) echo "usage: pg-throwaway.sh start|stop DIR" >&2; exit 2 ;;
esac
