#!/usr/bin/env bash
# Runs a command with a private X server (Xvfb) and a private D-Bus daemon standing in for the
# system bus, then stops both. Used by the tests, and to run the app on a machine without a desktop.
#   scripts/with-display.sh mvn -B -ntp verify
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi
work=$(mktemp -d)
cleanup() {
  [ -n "${bus_pid:-}" ] && kill "$bus_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
  xdpyinfo -display ":$display" > /dev/null 2>&1 && break
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$work/xvfb.log" >&2; echo "Xvfb did not start" >&2; exit 1; }
  sleep 0.1
done
export DISPLAY=":$display"

dbus-daemon --session --fork --print-address=3 --print-pid=4 3> "$work/bus.addr" 4> "$work/bus.pid"
bus_pid=$(cat "$work/bus.pid")
DBUS_SYSTEM_BUS_ADDRESS=$(head -n 1 "$work/bus.addr")
export DBUS_SYSTEM_BUS_ADDRESS

echo "with-display: DISPLAY=$DISPLAY, test system bus at $DBUS_SYSTEM_BUS_ADDRESS"
"$@"
