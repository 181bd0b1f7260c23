#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL (or the local defaults): starts the local
# servers when installed, else uses docker compose where a Docker engine runs, else installs Debian's packages
# (as root), else says exactly what is missing. Installs Debian's pgbouncer, nginx-light, slapd and docker-compose too (the
# integration tests start their own servers; docker-compose only validates the compose file).
source "$(dirname "$0")/env.sh"

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tiendo}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport() { node -e 'const u=new URL(process.argv[1]);console.log((u.hostname||"127.0.0.1")+" "+(u.port||process.argv[2]))' "$1" "$2"; }
read -r PG_HOST PG_PORT <<<"$(hostport "$DATABASE_URL" 5432)"
read -r REDIS_HOST REDIS_PORT <<<"$(hostport "$REDIS_URL" 6379)"
is_local() { [[ "$1" == 127.* || "$1" == localhost || "$1" == "::1" ]]; }
up() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_up() { for _ in $(seq 1 60); do up "$1" "$2" && return 0; sleep 0.5; done; return 1; }
docker_ok() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
apt_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }

start_postgres() {
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    wait_up "$PG_HOST" "$PG_PORT" && return 0
  fi
  if docker_ok; then docker compose up -d postgres && wait_up "$PG_HOST" "$PG_PORT" && return 0; fi
  if apt_install postgresql; then
    local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    # A server installed just now for this project: let local connections in without a password, like the
    # development machines it is set up for.
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    wait_up "$PG_HOST" "$PG_PORT" && return 0
  fi
  return 1
}

start_redis() {
  if command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    wait_up "$REDIS_HOST" "$REDIS_PORT" && return 0
  fi
  if docker_ok; then docker compose up -d redis && wait_up "$REDIS_HOST" "$REDIS_PORT" && return 0; fi
  if apt_install redis-server; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    wait_up "$REDIS_HOST" "$REDIS_PORT" && return 0
  fi
  return 1
}

if ! up "$PG_HOST" "$PG_PORT"; then
  is_local "$PG_HOST" || { echo "PostgreSQL at $PG_HOST:$PG_PORT (DATABASE_URL) does not answer." >&2; exit 1; }
  say "Starting PostgreSQL"
  start_postgres || { echo "PostgreSQL is missing: install PostgreSQL 15+ (apt-get install postgresql), run a Docker engine, or set DATABASE_URL." >&2; exit 1; }
fi
if ! up "$REDIS_HOST" "$REDIS_PORT"; then
  is_local "$REDIS_HOST" || { echo "Redis at $REDIS_HOST:$REDIS_PORT (REDIS_URL) does not answer." >&2; exit 1; }
  say "Starting Redis"
  start_redis || { echo "Redis is missing: install Redis 7 (apt-get install redis-server), run a Docker engine, or set REDIS_URL." >&2; exit 1; }
fi

# PgBouncer for the integration tier (apps/api/test/database-connections.int-spec.ts starts one of its own, on a free
# port, in front of its database): Debian's package, installed when missing. Only the binary is used, not the
# package's own service (port 6432).
if ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
  say "Installing PgBouncer (for the integration tests)"
  apt_install pgbouncer || echo "PgBouncer is missing and cannot be installed here (apt-get install pgbouncer as root): the integration test through PgBouncer will fail." >&2
fi

# nginx for the integration tier (apps/api/test/behind-nginx.int-spec.ts renders the web image's nginx template and
# runs it as a child process, on a free port, in front of its API): Debian's nginx-light, installed when missing. Only
# the binary is used, not the package's own site (port 80).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  say "Installing nginx (for the integration tests)"
  apt_install nginx-light || echo "nginx is missing and cannot be installed here (apt-get install nginx-light as root): the integration test behind nginx will fail." >&2
fi

# docker-compose for the deployment files' check (scripts/compose-scale.spec.js runs `docker-compose config -q` on the
# compose file): Debian's docker-compose reads and validates the file without a Docker engine. Installed when missing.
if ! command -v docker-compose >/dev/null; then
  say "Installing docker-compose (to validate docker-compose.yml; no engine is needed)"
  apt_install docker-compose || echo "docker-compose is missing and cannot be installed here (apt-get install docker-compose as root): the compose file's check will fail." >&2
fi

# OpenLDAP for the integration tier (apps/api/test/directory-sign-in.int-spec.ts starts its own slapd on free ports with
# a small directory; libs/server/testing/src/lib/slapd.ts): Debian's slapd and ldap-utils, installed when missing,
# without debconf's questions. Only the binaries are used, not the package's own service (port 389).
if ! command -v slapd >/dev/null && [ ! -x /usr/sbin/slapd ]; then
  say "Installing slapd (for the integration tests)"
  apt_install slapd ldap-utils || echo "slapd is missing and cannot be installed here (apt-get install slapd ldap-utils as root): the directory sign-in tests will fail." >&2
fi

# The application's own database, when it does not exist yet.
node -e '
const { Client } = require("pg");
const url = new URL(process.argv[1]);
const name = decodeURIComponent(url.pathname.slice(1));
url.pathname = "/postgres";
const c = new Client({ connectionString: url.toString() });
c.connect()
  .then(() => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]))
  .then((r) => (r.rowCount ? null : c.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`)))
  .then(() => c.end())
  .catch((e) => { console.error("Cannot prepare database " + name + ": " + e.message); process.exit(1); });
' "$DATABASE_URL"
