#!/usr/bin/env bash
# Where libvirt's domain start (virDomainCreate) spends its time, for the domains a command starts.
# Usage (root): scripts/start-phases.sh NAME-REGEX COMMAND [ARGS...]
#   e.g. scripts/start-phases.sh 'hangar-bench-.*-hit' marketplace/cache-bench.sh /var/tmp/b 7 3
# While COMMAND runs, libvirtd's qemu_process module logs at debug level to a file of its own
# (virt-admin; the daemon's filters and outputs are put back afterwards, also on Ctrl-C). Then, for
# every started domain whose name matches NAME-REGEX, prints the median milliseconds between
# libvirt's own milestones:
#   prepare   qemuProcessStart until the QEMU command is built (domain prep, host prep: disks, log)
#   fork      fork, mount namespace, cgroups, security labels, handshake with the child
#   qemu-init the child execs QEMU until its monitor answers (QEMU's own start-up)
#   cpu-fetch libvirt reads the guest CPU's features back (one qom-get per feature over QMP)
#   finish    vCPU/IOThread/cgroup tuning, device and disk state, `cont`, status written
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 NAME-REGEX COMMAND [ARGS...]" >&2; exit 2; }
pattern=$1
shift
admin=(virt-admin -c libvirtd:///system)
filters=$("${admin[@]}" daemon-log-filters | sed -n 's/^ *Logging filters: *//p')
outputs=$("${admin[@]}" daemon-log-outputs | sed -n 's/^ *Logging outputs: *//p')
log=$(mktemp /var/tmp/start-phases.XXXXXX.log)
chmod 0644 "$log"
restored=0
restore() {
  "${admin[@]}" daemon-log-filters "$filters" >/dev/null
  "${admin[@]}" daemon-log-outputs "$outputs" >/dev/null
  restored=1
}
trap '[ "$restored" = 1 ] || restore; rm -f "$log"' EXIT
"${admin[@]}" daemon-log-filters "1:qemu.qemu_process" >/dev/null
"${admin[@]}" daemon-log-outputs "${outputs:+$outputs }1:file:$log" >/dev/null
"$@"
restore

awk -v pattern="$pattern" '
  function secs(t,   p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
  function median(list,   n, v, i, j, tmp) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
      tmp = v[j]; v[j] = v[j - 1]; v[j - 1] = tmp
    }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    t = secs(substr($2, 1, 12))
    if ($0 ~ /qemuProcessStart:.* name=/) {
      match($0, /name=[^ ]+/); dom = substr($0, RSTART + 5, RLENGTH - 5)
      on = dom ~ pattern
      if (on) { n++; mark[n, "start"] = t }
      next
    }
    if (!on) next
    if ($0 ~ /qemuProcessLaunch:.* Building mount namespace/) mark[n, "built"] = t
    else if ($0 ~ /Handshake complete, child running/) mark[n, "child"] = t
    else if ($0 ~ /Verifying and updating provided guest CPU/) mark[n, "monitor"] = t
    else if ($0 ~ /Detecting IOThread PIDs/) mark[n, "cpu"] = t
    else if ($0 ~ /qemuProcessFinishStartup:.*Writing domain status/) { mark[n, "end"] = t; on = 0 }
  }
  END {
    split("start built child monitor cpu end", m, " ")
    split("prepare fork qemu-init cpu-fetch finish", name, " ")
    for (i = 1; i <= n; i++) {
      if (!((i, "end") in mark)) continue
      done++
      for (k = 1; k <= 5; k++) d[k] = d[k] " " (mark[i, m[k + 1]] - mark[i, m[k]]) * 1000
      d[6] = d[6] " " (mark[i, "end"] - mark[i, "start"]) * 1000
    }
    if (!done) { print "no started domain matched " pattern; exit 1 }
    printf "libvirt domain start, median ms over %d starts matching %s:\n", done, pattern
    for (k = 1; k <= 5; k++) printf "  %-10s %6.0f\n", name[k], median(d[k])
    printf "  %-10s %6.0f\n", "total", median(d[6])
  }
' "$log"
