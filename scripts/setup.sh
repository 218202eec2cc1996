#!/usr/bin/env bash
# Shared by run.sh and test.sh: install what Hangar needs on Debian 12 and start libvirtd.
# Idempotent: a second call installs nothing and leaves running daemons alone.
# Must be run as root (it installs packages and manages libvirtd).

# Debian packages the code really uses:
#   JDK + Maven to build; qemu-system-x86/qemu-utils to run and inspect VMs; libvirt daemon, qemu
#   driver and clients (libvirt0 is what libvirt-java loads through JNA); iptables + dnsmasq-base for
#   libvirt networks; e2fsprogs (mke2fs -d builds ext4 partitions unprivileged); busybox-static and
#   linux-image-amd64 (the samples' userland and kernel); dropbear-bin (the samples' SSH server, key
#   generator and client, copied into their root with their libraries); xorriso (NoCloud seed ISOs);
#   cpio (tests read initramfs images back with it).
HANGAR_PACKAGES=(
  openjdk-17-jdk-headless maven
  qemu-system-x86 qemu-utils
  libvirt0 libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
  iptables dnsmasq-base
  e2fsprogs busybox-static dropbear-bin linux-image-amd64 kmod xorriso cpio util-linux
)

log() { printf '[hangar] %s\n' "$*" >&2; }

require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    log "run me as root: I install Debian packages and manage libvirtd"
    exit 1
  fi
}

ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# libvirtd without systemd: the qemu driver runs guests as libvirt-qemu (Debian's build default),
# which libvirt-daemon-system would create; virtlogd collects guest serial output.
ensure_libvirtd() {
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent group kvm >/dev/null || groupadd --system kvm
  id libvirt-qemu >/dev/null 2>&1 || useradd --system --gid kvm --groups libvirt-qemu \
    --home-dir /var/lib/libvirt --no-create-home --shell /usr/sbin/nologin libvirt-qemu
  mkdir -p /var/lib/libvirt /var/log/libvirt /var/lib/hangar
  pgrep -x virtlogd >/dev/null || virtlogd -d
  if ! virsh -c qemu:///system version >/dev/null 2>&1; then
    pgrep -x libvirtd >/dev/null || libvirtd -d
    local i
    for i in $(seq 1 50); do
      virsh -c qemu:///system version >/dev/null 2>&1 && break
      sleep 0.2
    done
  fi
  virsh -c qemu:///system version >/dev/null || { log "libvirtd did not come up"; exit 1; }
}

ensure_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      ensure_packages postgresql
    fi
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
    local i
    for i in $(seq 1 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
  fi
}
