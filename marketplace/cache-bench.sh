#!/bin/sh
# Runs the cache-hit deploy benchmark (not part of `mvn test`); see BENCHMARKS.md, "Deployer".
# Needs root, the local libvirtd and ~25 GiB free under /var/lib/hangar and the work directory.
# Usage: marketplace/cache-bench.sh [work-dir] [hit-runs] [miss-and-cp-runs]
set -eu
cd "$(dirname "$0")/.."
# -am builds the upstream modules from this checkout, so the classpath uses their target/ dirs.
mvn -B -q -pl marketplace -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/marketplace/target/bench.classpath"
CP="$PWD/marketplace/target/test-classes:$PWD/marketplace/target/classes:$(cat marketplace/target/bench.classpath)"
JAR="$PWD/content-store/target/s3proxy/s3proxy-jar-with-dependencies.jar"
echo "+ java -cp <marketplace test classpath> dev.hangar.marketplace.bench.CacheHitBench $*"
exec java -Dtest.s3proxy.jar="$JAR" -cp "$CP" dev.hangar.marketplace.bench.CacheHitBench "$@"
