#!/bin/sh
# Runs the content-store benchmark (not part of `mvn test`); see BENCHMARKS.md, "Content store".
# Usage: content-store/bench.sh [work-dir] [pipeline-MiB] [tree-MiB] [big-GiB]
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl content-store test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/content-store/target/bench.classpath"
CP="$PWD/content-store/target/test-classes:$PWD/content-store/target/classes:$(cat content-store/target/bench.classpath)"
JAR="$PWD/content-store/target/s3proxy/s3proxy-jar-with-dependencies.jar"
echo "+ java -Dtest.s3proxy.jar=$JAR -cp <content-store test classpath> dev.hangar.store.bench.ContentStoreBench $*"
exec java -Dtest.s3proxy.jar="$JAR" -cp "$CP" dev.hangar.store.bench.ContentStoreBench "$@"
