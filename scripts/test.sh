#!/usr/bin/env bash
# The whole test suite, on a bare Debian 12 machine as root: installs what run.sh installs, starts
# libvirtd and PostgreSQL, then builds and runs every test (S3 tests start S3Proxy themselves; the
# walking-skeleton test boots a real VM under QEMU).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
require_root
# cloud-init: its `cloud-init schema` validates every user-data the tests generate.
# gdisk, fdisk, dosfstools: the image-import tests build GPT/MBR disks and vfat partitions.
# libxml2-utils: virt-xml-validate (libvirt-clients) needs xmllint to check domain XML golden files.
# chromium, chromium-driver: the web UI is tested in a real headless browser.
# openssh-client: the guest agent test logs in to a booted sample's dropbear with ssh and ssh-keygen.
ensure_packages "${HANGAR_PACKAGES[@]}" postgresql-client cloud-init gdisk fdisk dosfstools libxml2-utils chromium chromium-driver openssh-client
ensure_libvirtd
ensure_postgres

db=hangar_test
if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
  log "creating database $db"
  psql -h 127.0.0.1 -U postgres -qc "create database $db"
fi

mvn -B -ntp install "$@"
