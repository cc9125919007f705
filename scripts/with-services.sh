#!/usr/bin/env bash
# Runs a command with every service the tests need: a real Keycloak (scripts/keycloak.sh, realm
# from broker-client/src/test/resources/keycloak) for the broker interop tests, a real MCP client
# (the MCP project's inspector CLI, pinned in tools/mcp-inspector) for the MCP tests, plus the
# private Xvfb and D-Bus daemon of scripts/with-display.sh. Stops Keycloak afterwards.
#   scripts/with-services.sh mvn -B -ntp verify
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ $# -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi
trap 'bash scripts/keycloak.sh stop > /dev/null || true' EXIT
bash scripts/mcp-inspector.sh
bash scripts/keycloak.sh fetch
bash scripts/keycloak.sh start
export CHAPERONE_KEYCLOAK_URL="http://127.0.0.1:${KEYCLOAK_PORT:-18080}"
bash scripts/with-display.sh "$@"
