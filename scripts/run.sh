#!/usr/bin/env bash
# Brings up Hangar on http://localhost:8080 with the embedded defaults (H2 database and filesystem
# blob store under ./data, VMs on the local libvirt). Installs what is missing, starts libvirtd,
# builds, and publishes the bundled samples on first start. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
require_root
ensure_packages "${HANGAR_PACKAGES[@]}"
ensure_libvirtd

jar=marketplace/target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src samples -newer "$jar" -type f -print -quit)" ]; then
  log "building (first run or sources changed)"
  mvn -B -q -DskipTests -Dspotless.check.skip=true install
fi

mkdir -p data
log "starting the marketplace on http://localhost:8080 (UI /, API /api/v1, OpenAPI /q/openapi)"
exec java -Dhangar.samples.publish-on-start=true -jar "$jar"
