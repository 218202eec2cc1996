#!/bin/sh
# Browse/search load benchmark (BENCHMARKS.md "Catalog"): builds the marketplace for PostgreSQL,
# starts it on 127.0.0.1 against its own database, seeds N appliances and runs CatalogBench.
# Usage: scripts/bench-catalog.sh [appliances=1000] [seconds per scenario=10] [threads=32]
#        [scenarios=browse,category,word,miss]
# Environment: BENCH_DB (database, created if missing; default hangar_bench), BENCH_PORT (18080),
# BENCH_WORK (server working directory: blobs, admin token, log; default /var/tmp/hangar-bench-catalog),
# BENCH_SKIP_BUILD=1 to reuse marketplace/target/quarkus-app, BENCH_APP=<dir> to run another build's
# quarkus-app directory (implies no build), e.g. a copy of the previous build for a before/after run.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
appliances=${1:-1000}
seconds=${2:-10}
threads=${3:-32}
scenarios=${4:-browse,category,word,miss}
db=${BENCH_DB:-hangar_bench}
port=${BENCH_PORT:-18080}
work=${BENCH_WORK:-/var/tmp/hangar-bench-catalog}
token=hgr_bench-admin-token-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')

if ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$db"
fi
app=${BENCH_APP:-$root/marketplace/target/quarkus-app}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && [ -z "${BENCH_APP:-}" ]; then
  mvn -B -q -pl marketplace -am package -DskipTests -Dquarkus.profile=postgres
fi
mkdir -p "$work"
cd "$work"
QUARKUS_PROFILE=postgres HANGAR_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" HANGAR_DB_USER=postgres \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" HANGAR_AUTH_ADMIN_TOKEN="$token" \
  java -Xmx1g -jar "$app/quarkus-run.jar" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null || { tail -50 "$work/server.log"; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The server's pid lets the bench report the server's CPU time per request.
BENCH_SERVER_PID=$server java "$root/marketplace/src/test/java/dev/hangar/marketplace/bench/CatalogBench.java" \
  "http://127.0.0.1:$port" "$token" "$appliances" "$seconds" "$threads" "$scenarios"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
