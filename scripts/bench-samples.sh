#!/bin/sh
# Boot-to-READY of every sample under QEMU/TCG (BENCHMARKS.md, "Samples").
# Usage: scripts/bench-samples.sh [rounds]   (default 1; run from the repository root)
set -eu
cd "$(dirname "$0")/.."
# Compiles through the reactor (never installs) and writes each module's test classpath.
mvn -B -q -pl appliance-builder -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="appliance-builder/target/test-classes:appliance-builder/target/classes:$(cat appliance-builder/target/bench.classpath)"
set -x
exec java -cp "$cp" dev.hangar.builder.SamplesBootBench appliance-builder/target/bench "${1:-1}"
