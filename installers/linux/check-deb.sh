#!/usr/bin/env bash
# CI: the .deb as IT ships it. Installs it with dpkg on this machine, starts the installed
# chaperone under Xvfb to a window showing the demo portal (checked on a screenshot), runs
# --version and audit verify, then removes (dpkg -r) and purges (dpkg -P) it, checking what stays
# and what goes. Run as root, from the repository, after installers/linux/build-packages.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/installers/target"
deb=$(ls "$out"/chaperone_*_amd64.deb)
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }

# IT's own file, dropped by a fleet tool before the package: never overwritten, never removed.
mkdir -p /etc/chaperone
printf '{ "promptTimeoutSeconds": 20 }\n' > /etc/chaperone/chaperone.json
it_before=$(sha256sum /etc/chaperone/chaperone.json)

start=$(date +%s%N)
dpkg -i "$deb" > /dev/null
echo "check-deb: installed in $(( ($(date +%s%N) - start) / 1000000 )) ms"
[ -x /usr/bin/chaperone ] || fail "no /usr/bin/chaperone"
[ -f /etc/chaperone/chaperone.json.example ] && [ -f /etc/chaperone/policy.cedar.example ] || fail "no examples in /etc/chaperone"
[ "$(sha256sum /etc/chaperone/chaperone.json)" = "$it_before" ] || fail "the package changed IT's file"
ls /usr/share/applications/*chaperone*.desktop > /dev/null 2>&1 || fail "no desktop entry"
version=$(chaperone --version)
[[ "$version" =~ ^chaperone\ [0-9] ]] || fail "chaperone --version said: $version"
echo "check-deb: $version"
# The launcher carries the JVM options every launcher uses (the serial collector, a small young generation).
while read -r option; do
  grep -qF -- "$option" /opt/chaperone/lib/app/chaperone.cfg || fail "the launcher lacks the JVM option $option"
done < <(grep -v '^#' "$root/installers/jvm-options")
size=$(du -sh /opt/chaperone | cut -f1)
echo "check-deb: package $(du -h "$deb" | cut -f1), installed $size"

# An ordinary user's first and second start, each to a session window on the drawn portal: the
# program is root's and read-only to them, as on a managed workstation.
user=chaperone-ci
id "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
as_user() { runuser -u "$user" -- env HOME="$home" DISPLAY="$DISPLAY" DBUS_SYSTEM_BUS_ADDRESS="${DBUS_SYSTEM_BUS_ADDRESS:-}" "$@"; }
# The engine as installed, read from /proc while a session runs: no Chromium child keeps --no-sandbox
# in the app's own mount namespace, every renderer is under seccomp in a PID namespace of its own, and
# none sees the user's home or the assistant's key.
check_contained() {
  local app_pid app_mnt pid argv renderers=0 children=0
  app_pid=$(pgrep -u "$user" -x chaperone | head -1)
  app_mnt=$(readlink "/proc/$app_pid/ns/mnt")
  for pid in $(pgrep -u "$user" -f jcef_helper); do
    argv=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null) || continue
    case "$argv" in /usr/bin/bwrap*) continue ;; esac
    children=$((children + 1))
    if [[ "$argv" == *--no-sandbox* ]] && [ "$(readlink "/proc/$pid/ns/mnt")" = "$app_mnt" ]; then
      fail "Chromium child $pid runs with --no-sandbox outside bubblewrap: $argv"
    fi
    if [[ "$argv" == *--type=renderer* ]]; then
      renderers=$((renderers + 1))
      grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" || fail "renderer $pid has no seccomp filter"
      [ "$(awk '/^NSpid:/ {print NF}' "/proc/$pid/status")" -ge 3 ] || fail "renderer $pid shares the machine's PID namespace"
    fi
    for secret in "$home/.bashrc" "$home/.local/share/chaperone/keys/assistant.jwk" "$home/.local/share/chaperone/audit.db"; do
      [ -e "$secret" ] || fail "$secret is not there to look for"
      [ ! -e "/proc/$pid/root$secret" ] || fail "Chromium child $pid can see $secret"
    done
  done
  [ "$children" -gt 0 ] && [ "$renderers" -gt 0 ] || fail "no Chromium children found to check ($children, $renderers renderers)"
  echo "check-deb: engine contained: $children Chromium processes, $renderers renderer(s) under seccomp, none sees the home folder"
}

for run in cold warm; do
  as_user chaperone > "$out/app-$run.log" 2>&1 &
  app=$!
  java "$root/installers/linux/WindowCheck.java" 90 "$out/installed-$run.png" | sed "s/^/check-deb: $run start: /" \
    || { tail -20 "$out/app-$run.log"; fail "the installed app showed no session window"; }
  [ "$run" = warm ] || check_contained
  # SIGTERM to the app alone (as at logout), not to Chromium's helpers: it ends the session in order.
  pkill -TERM -u "$user" -x chaperone || true
  for _ in $(seq 150); do pgrep -u "$user" -x chaperone > /dev/null || break; sleep 0.2; done
  wait "$app" || true
done
as_user chaperone audit verify > "$out/verify.txt" || { cat "$out/verify.txt"; fail "audit verify"; }
echo "check-deb: audit verify: $(head -1 "$out/verify.txt")"
[ ! -e "$home/.cache/chaperone/jcef" ] || fail "Chromium was unpacked into the home folder"
[ -z "$(find /opt/chaperone -newer "$deb" -user "$user" 2>/dev/null)" ] || fail "the user wrote into /opt/chaperone"
[ ! -e "$home/.openjfx" ] || fail "JavaFX unpacked its libraries into the home folder"
[ "$(find "$home/.local/share/chaperone/sessions" -mindepth 1 | wc -l)" = 0 ] || fail "a session's files stayed"
[ "$(stat -c %a "$home/.local/share/chaperone/audit.db")" = 600 ] || fail "the audit log is readable by others"
[ "$(stat -c %a "$home/.local/share/chaperone")" = 700 ] || fail "the data folder is open to others"

if [ -d /etc/apparmor.d ]; then
  grep -q 'userns,' /etc/apparmor.d/chaperone || fail "the AppArmor profile was not installed"
fi
dpkg -r chaperone > /dev/null
[ ! -e /opt/chaperone ] && [ ! -e /usr/bin/chaperone ] || fail "dpkg -r left the program"
[ ! -e /etc/apparmor.d/chaperone ] || fail "dpkg -r left the AppArmor profile"
[ -f /etc/chaperone/chaperone.json.example ] || fail "dpkg -r removed the examples (only purge does)"
dpkg -P chaperone > /dev/null
[ ! -e /etc/chaperone/chaperone.json.example ] || fail "dpkg -P left the examples"
[ "$(sha256sum /etc/chaperone/chaperone.json)" = "$it_before" ] || fail "purge touched IT's file"
[ -f "$home/.local/share/chaperone/audit.db" ] || fail "removing the program removed the user's audit log"
echo "check-deb: removed and purged: the program and the examples went; IT's file and the user's audit log stayed"

# IT may ask for the audit logs to go with the program.
printf '{ "audit": { "removeAtUninstall": true } }\n' > /etc/chaperone/chaperone.json
dpkg -i "$deb" > /dev/null
dpkg -r chaperone > /dev/null
[ ! -e "$home/.local/share/chaperone/audit.db" ] || fail "removeAtUninstall kept the user's audit log"
[ -f "$home/.local/share/chaperone/keys/assistant.jwk" ] || fail "removeAtUninstall took more than the audit log"
dpkg -P chaperone > /dev/null
echo "check-deb: with IT's removeAtUninstall, removing the program removed the user's audit log"
rm -f /etc/chaperone/chaperone.json && rmdir /etc/chaperone
userdel --remove "$user" 2> /dev/null || true

if compgen -G "$out/chaperone-*.rpm" > /dev/null; then
  rpm -qlp "$out"/chaperone-*.rpm > "$out/rpm-files.txt"
  grep -q '^/opt/chaperone/bin/chaperone$' "$out/rpm-files.txt" || fail "the .rpm has no launcher"
  grep -q '/opt/chaperone/lib/app/chromium/' "$out/rpm-files.txt" || fail "the .rpm has no Chromium"
  echo "check-deb: .rpm lists $(wc -l < "$out/rpm-files.txt") files, launcher and Chromium included"
fi
