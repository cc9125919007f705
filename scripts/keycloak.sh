#!/usr/bin/env bash
# A real Keycloak for the integration tests: realm "chaperone" from
# broker-client/src/test/resources/keycloak/chaperone-realm.json, on 127.0.0.1 only.
#
#   scripts/keycloak.sh fetch   # Maven Central -> local Maven repo -> unpacked into $KEYCLOAK_HOME
#   scripts/keycloak.sh start   # background start-dev, waits until the realm answers, prints the issuer
#   scripts/keycloak.sh stop
#
# KEYCLOAK_HOME (default target/keycloak, relative to the repo root), KEYCLOAK_PORT (18080),
# KEYCLOAK_MGMT_PORT (19000). Admin user admin/admin. Keycloak needs Java 21+: the newest
# /usr/lib/jvm/temurin-*-jdk-amd64 is used (or KEYCLOAK_JAVA_HOME).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=26.7.3
ARTIFACT=org.keycloak:keycloak-quarkus-dist:$VERSION:tar.gz
TARBALL=${MAVEN_REPO:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$VERSION/keycloak-quarkus-dist-$VERSION.tar.gz
REALM_JSON=broker-client/src/test/resources/keycloak/chaperone-realm.json
KC_HOME=$(realpath -m "${KEYCLOAK_HOME:-target/keycloak}")
PORT=${KEYCLOAK_PORT:-18080}
MGMT_PORT=${KEYCLOAK_MGMT_PORT:-19000}
PID_FILE=$KC_HOME/keycloak.pid
LOG_FILE=$KC_HOME/keycloak.log
ISSUER=http://127.0.0.1:$PORT/realms/chaperone

die() { echo "keycloak.sh: $*" >&2; exit 1; }

fetch() {
  if grep -qs "$VERSION" "$KC_HOME/version.txt" && [ -x "$KC_HOME/bin/kc.sh" ]; then
    echo "keycloak.sh: Keycloak $VERSION already in $KC_HOME"; return
  fi
  # -N: only the root pom, not every module; transitive=false: the tarball alone, not its deps.
  [ -f "$TARBALL" ] || mvn -N -B -ntp -q dependency:get -Dtransitive=false -Dartifact="$ARTIFACT"
  [ -f "$TARBALL" ] || die "$TARBALL not found after download (set MAVEN_REPO to your local repo)"
  rm -rf "$KC_HOME" && mkdir -p "$KC_HOME"
  tar -xzf "$TARBALL" -C "$KC_HOME" --strip-components=1
  echo "keycloak.sh: Keycloak $VERSION unpacked into $KC_HOME"
}

java_home() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then echo "$KEYCLOAK_JAVA_HOME"; return; fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/temurin-*-jdk-amd64; do
    major=${dir#/usr/lib/jvm/temurin-}; major=${major%%-*}
    if [[ $major =~ ^[0-9]+$ ]] && [ -x "$dir/bin/java" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  [ -n "$best" ] || die "Keycloak needs Java 21+, but no /usr/lib/jvm/temurin-<21+>-jdk-amd64 exists (set KEYCLOAK_JAVA_HOME)"
  echo "$best"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start() {
  [ -x "$KC_HOME/bin/kc.sh" ] || die "no Keycloak in $KC_HOME: run '$0 fetch' first"
  running && die "already running (pid $(cat "$PID_FILE")); run '$0 stop' first"
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && die "something else already answers on port $PORT"
  local jdk; jdk=$(java_home)
  # A fresh dev database each start, so the realm is always exactly the JSON (import skips existing realms).
  rm -rf "$KC_HOME/data/h2"
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM_JSON" "$KC_HOME/data/import/chaperone-realm.json"
  # setsid: Keycloak gets its own process group, so 'stop' can end kc.sh and its java together.
  JAVA_HOME=$jdk KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    setsid "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$PORT" \
      --http-management-port="$MGMT_PORT" --hostname-strict=false --import-realm \
      > "$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  echo "keycloak.sh: starting Keycloak (pid $!, Java $jdk, log $LOG_FILE)"
  local deadline=$((SECONDS + 180))
  until curl -fs -o /dev/null "$ISSUER/.well-known/openid-configuration"; do
    if ! running || [ $SECONDS -ge $deadline ]; then
      tail -n 40 "$LOG_FILE" >&2
      stop > /dev/null
      die "Keycloak did not get ready (see $LOG_FILE)"
    fi
    sleep 1
  done
  echo "keycloak.sh: ready after ${SECONDS}s, issuer $ISSUER"
}

stop() {
  if ! running; then rm -f "$PID_FILE"; echo "keycloak.sh: not running"; return; fi
  local pid; pid=$(cat "$PID_FILE")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
  rm -f "$PID_FILE"
  echo "keycloak.sh: stopped (pid $pid)"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 fetch|start|stop" ;;
esac
