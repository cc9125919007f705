#!/usr/bin/env bash
# Installs what Chaperone needs on Debian 12 / Ubuntu (the list is scripts/debian-packages.txt):
# a JDK 17 and Maven to build, the libraries the bundled Chromium loads, Xvfb and D-Bus for the
# tests (and for running on a machine without a desktop). Run as root, or it re-runs itself through sudo.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
grep -v '^#' "$here/debian-packages.txt" | xargs apt-get install -y -qq --no-install-recommends > /dev/null
echo "setup-debian: packages installed"
