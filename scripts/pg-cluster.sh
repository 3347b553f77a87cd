#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and benchmarks: initdb in DIR, listening only on a unix
# socket in DIR (no TCP port), stopped with `stop DIR`. Installs Debian's postgresql when missing.
# As root the server runs as the postgres user (PostgreSQL refuses to run as root).
#   scripts/pg-cluster.sh start DIR   prints DATABASE_URL=... (the database "rota" on the socket)
#   scripts/pg-cluster.sh stop DIR
#   scripts/pg-cluster.sh url DIR
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|url DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
data="$dir/data"
sock="$dir"

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

# Runs a server binary as the cluster's owner: the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

owner() {
  if [ "$(id -u)" = "0" ]; then echo postgres; else id -un; fi
}

url() {
  # libpq reads a unix socket directory from host=; the user is the cluster owner (trust auth on the socket only).
  echo "postgres://$(owner)@localhost/rota?host=$(printf '%s' "$sock" | sed 's#/#%2F#g')"
}

case "$cmd" in
  start)
    if ! bindir > /dev/null; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends postgresql > /dev/null
    fi
    bin="$(bindir)"
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U "$(owner)" --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
      }
    fi
    # No TCP (listen_addresses ''), the socket in DIR; durability off: this cluster is thrown away.
    opts="-c listen_addresses='' -c unix_socket_directories='$sock' -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB"
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -o "$opts" -w -t 60 start > /dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    as_owner "$bin/psql" -h "$sock" -d postgres -U "$(owner)" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'rota'" | grep -q 1 ||
      as_owner "$bin/createdb" -h "$sock" -U "$(owner)" rota
    # The socket directory must be reachable by the (root) test process.
    chmod 755 "$dir"
    echo "DATABASE_URL=$(url)"
    ;;
  stop)
    bin="$(bindir)"
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop > /dev/null
    fi
    ;;
  url)
    echo "DATABASE_URL=$(url)"
    ;;
  *)
    echo "usage: $0 start|stop|url DIR" >&2
    exit 2
    ;;
esac
