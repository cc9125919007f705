#!/usr/bin/env bash
# Installs what Chaperone needs on Debian 12 / Ubuntu: a JDK 17 and Maven to build, the libraries
# the bundled Chromium loads, Xvfb and D-Bus for the tests (and for running on a machine without
# a desktop). Run as root, or it re-runs itself through sudo.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  openjdk-17-jdk-headless maven \
  libnss3 libgbm1 libcups2 libgtk-3-0 libxss1 libasound2 fonts-dejavu-core \
  xvfb xauth x11-utils dbus > /dev/null
echo "setup-debian: packages installed"
