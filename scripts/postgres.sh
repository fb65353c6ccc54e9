#!/usr/bin/env bash
# A private PostgreSQL + PostGIS cluster for the tests: a new cluster in a temporary folder, on a
# free loopback port, run as the `postgres` user (PostgreSQL refuses to run as root), stopped and
# removed by `postgres_stop`. Source it, then:
#   postgres_start   # exports WANGGE_TEST_POSTGRES=postgresql://wangge@127.0.0.1:PORT/postgres
#   postgres_stop
# The cluster speaks TLS with a certificate made for 127.0.0.1 (WANGGE_TEST_POSTGRES_CA), so that
# the tests' connections are encrypted as a deployment's would be. That certificate is also the
# authority for client certificates: the role `wangge_cert` may sign in only with one it signed.
# Needs Debian's postgresql-15 and postgresql-15-postgis-3 (scripts/setup.sh --tests installs them).

postgres_bin=/usr/lib/postgresql/15/bin

postgres_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  WANGGE_PG_DIR=$(mktemp -d /tmp/wangge-pg.XXXXXX)
  chmod 755 "$WANGGE_PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WANGGE_PG_DIR"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  postgres_as "$postgres_bin/initdb" -D "$WANGGE_PG_DIR/data" -U wangge --auth=trust -E UTF8 --locale=C.UTF-8 >"$WANGGE_PG_DIR/initdb.log" 2>&1 \
    || { cat "$WANGGE_PG_DIR/initdb.log" >&2; return 1; }
  # A self-signed certificate for the loopback address, the key readable by the server only.
  openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$WANGGE_PG_DIR/server.key" -out "$WANGGE_PG_DIR/server.crt" >/dev/null 2>&1 \
    || { echo "postgres: openssl cannot make a certificate" >&2; return 1; }
  chmod 600 "$WANGGE_PG_DIR/server.key"; chmod 644 "$WANGGE_PG_DIR/server.crt"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WANGGE_PG_DIR/server.key" "$WANGGE_PG_DIR/server.crt"
  # Replication allowed from loopback, so that a test can make a streaming replica of it.
  echo "host replication wangge 127.0.0.1/32 trust" | postgres_as tee -a "$WANGGE_PG_DIR/data/pg_hba.conf" >/dev/null
  # wangge_cert signs in with a client certificate or not at all (the first matching line wins).
  postgres_as sed -i '1i hostssl all wangge_cert 127.0.0.1/32 cert\nhost all wangge_cert 127.0.0.1/32 reject' "$WANGGE_PG_DIR/data/pg_hba.conf"
  postgres_as "$postgres_bin/pg_ctl" -D "$WANGGE_PG_DIR/data" -l "$WANGGE_PG_DIR/server.log" -w \
    -o "-p $port -k $WANGGE_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c wal_level=replica -c ssl=on -c ssl_cert_file=$WANGGE_PG_DIR/server.crt -c ssl_key_file=$WANGGE_PG_DIR/server.key -c ssl_ca_file=$WANGGE_PG_DIR/server.crt" start >/dev/null \
    || { cat "$WANGGE_PG_DIR/server.log" >&2; return 1; }
  export WANGGE_PG_DIR
  export WANGGE_TEST_POSTGRES="postgresql://wangge@127.0.0.1:$port/postgres"
  export WANGGE_TEST_POSTGRES_CA="$WANGGE_PG_DIR/server.crt"
  echo "postgres: a private cluster on 127.0.0.1:$port in $WANGGE_PG_DIR" >&2
}

postgres_stop() {
  [ -n "${WANGGE_PG_DIR:-}" ] || return 0
  postgres_as "$postgres_bin/pg_ctl" -D "$WANGGE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WANGGE_PG_DIR"
  unset WANGGE_PG_DIR WANGGE_TEST_POSTGRES WANGGE_TEST_POSTGRES_CA
}
