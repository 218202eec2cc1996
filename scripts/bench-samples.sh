#!/bin/sh
# Boot-to-READY of every sample under QEMU/TCG, each booted with the host's bzImage and with the
# PVH ELF the samples ship, side by side (BENCHMARKS.md, "Samples").
# Usage: scripts/bench-samples.sh [rounds]   (default 1)
set -eu
cd "$(dirname "$0")/.."
# Compiles through the reactor (never installs) and writes each module's test classpath.
mvn -B -q -pl appliance-builder -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd appliance-builder   # the bench finds the recipes in ../samples
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "+ java -cp <appliance-builder test classpath> dev.hangar.builder.SamplesBootBench target/bench ${1:-1}"
exec java -cp "$cp" dev.hangar.builder.SamplesBootBench target/bench "${1:-1}"
