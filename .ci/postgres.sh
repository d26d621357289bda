#!/usr/bin/env bash
# Starts a PostgreSQL cluster on loopback and creates the test database. Prints the URL to use.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p $port" && break
  sleep 1
done
su postgres -c "psql -q -p $port -d postgres -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nap') THEN
    CREATE ROLE nap LOGIN PASSWORD 'nap' CREATEDB;
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $port -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='nap_test'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O nap nap_test" >&2
fi
echo "postgres://nap:nap@127.0.0.1:$port/nap_test"
