#!/bin/sh
# What the PVH vmlinux costs against the bzImage outside the guest: publish into the content store
# (S3Proxy) and cache-miss staging on the local libvirtd (BENCHMARKS.md, "Samples"). Needs root.
# Usage: marketplace/kernel-bench.sh [runs]   (default 5)
set -eu
cd "$(dirname "$0")/.."
# -am builds the upstream modules from this checkout, so the classpath uses their target/ dirs.
mvn -B -q -pl marketplace -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/marketplace/target/bench.classpath"
CP="$PWD/marketplace/target/test-classes:$PWD/marketplace/target/classes:$(cat marketplace/target/bench.classpath)"
JAR="$PWD/content-store/target/s3proxy/s3proxy-jar-with-dependencies.jar"
OUT="$PWD/marketplace/target/kernel-bench/hello"
java -cp "$CP" dev.hangar.builder.cli.Hangar build samples/hello -o "$OUT" >/dev/null
BZ=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
echo "+ java -cp <marketplace test classpath> dev.hangar.marketplace.bench.KernelImageBench $BZ $OUT/vmlinux $OUT/initrd.img $OUT/root.img ${1:-5}"
exec java -Dtest.s3proxy.jar="$JAR" -cp "$CP" dev.hangar.marketplace.bench.KernelImageBench \
  "$BZ" "$OUT/vmlinux" "$OUT/initrd.img" "$OUT/root.img" "${1:-5}"
