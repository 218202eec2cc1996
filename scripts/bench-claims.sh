#!/bin/sh
# Placement benchmark with claims persisted in PostgreSQL (BENCHMARKS.md, "Deployer").
# WIPES the database at HANGAR_BENCH_DB_URL (default: jdbc:postgresql://127.0.0.1:5432/hangar_sched).
# Usage: scripts/bench-claims.sh [nodes] [placements-per-measurement]
set -eu
cd "$(dirname "$0")/.."
# Compiles through the reactor (no install), then resolves the classpath with sibling modules as
# their target/classes directories.
mvn -B -q -pl marketplace -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Dspotless.check.skip=true
exec java -cp "marketplace/target/test-classes:marketplace/target/classes:$(cat marketplace/target/bench.classpath)" \
  dev.hangar.marketplace.pool.PersistedPlacementBench "$@"
