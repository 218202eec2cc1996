#!/bin/sh
# Before/after benchmark of cache-hit deploys (not part of `mvn test`); see BENCHMARKS.md, "Deployer".
# Builds HitPhasesBench from this checkout and from BASE (a commit, default main) and runs the two
# in alternation (the order flips every round), ROUNDS times each, RUNS measured deploys per run
# (256 MiB root on qemu:///system); prints each run's p50s and, per phase, the median of them.
# Needs root and the local libvirtd. Usage: deployer/hit-ab.sh [BASE] [ROUNDS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
base=${1:-main}
rounds=${2:-4}
runs=${3:-7}
work=$(mktemp -d /var/tmp/hit-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
classpath() { # $1: checkout; builds it, prints the test classpath of the deployer module
  (cd "$1" && mvn -B -q -o -pl deployer -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$1/deployer/target/bench.classpath" >&2)
  echo "$1/deployer/target/test-classes:$1/deployer/target/classes:$(cat "$1/deployer/target/bench.classpath")"
}
mkdir "$work/base"
git archive "$base" | tar -x -C "$work/base"
# The bench class may be newer than BASE; it uses only API BASE already has.
mkdir -p "$work/base/deployer/src/test/java/dev/hangar/deployer"
cp deployer/src/test/java/dev/hangar/deployer/HitPhasesBench.java \
  "$work/base/deployer/src/test/java/dev/hangar/deployer/"
cp_base=$(classpath "$work/base")
cp_head=$(classpath "$PWD")
echo "base $(git rev-parse --short "$base"), head $(git rev-parse --short HEAD); load $(cat /proc/loadavg)"
run() { java -cp "$1" dev.hangar.deployer.HitPhasesBench "$work/run" "$runs" "$2"; }
for i in $(seq 1 "$rounds"); do
  # Which build goes first alternates, so neither always runs right after the other.
  if [ $((i % 2)) -eq 1 ]; then run "$cp_base" base; run "$cp_head" head
  else run "$cp_head" head; run "$cp_base" base; fi
done | tee "$work/lines"
echo "load after: $(cat /proc/loadavg)"
awk '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = v[$1, kv[1]] " " kv[2]; keys[kv[1]] = 1 } }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    printf "median over rounds of the per-run p50 (s):\n%-16s %8s %8s %12s\n", "phase", "base", "head", "base/head"
    n = split("total connect kernel initrd partition:root seed verify boot", order, " ")
    for (k = 1; k <= n; k++) {
      p = order[k]
      if (!(p in keys)) continue
      b = median(v["base", p]); h = median(v["head", p])
      printf "%-16s %8.3f %8.3f %11.2fx\n", p, b, h, (h > 0) ? b / h : 0
    }
  }
' "$work/lines"
