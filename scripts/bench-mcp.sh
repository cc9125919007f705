#!/usr/bin/env bash
# The side-by-side MCP benchmark (not a test): Chaperone's MCP server and Playwright MCP 0.0.83
# (pinned in tools/playwright-mcp) driving Debian's chromium headless with an isolated profile and
# its settle wait off, on one local two-page site. Needs a display for Chaperone's window:
#   scripts/with-display.sh bash scripts/bench-mcp.sh [--iterations N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x /usr/bin/chromium ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null
fi
if [ ! -f tools/playwright-mcp/node_modules/@playwright/mcp/cli.js ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tools/playwright-mcp --no-audit --no-fund --loglevel=error
fi
if ! compgen -G "app/target/chaperone-app-*.jar" > /dev/null; then
  mvn -B -ntp -q -DskipTests install
fi
exec bin/chaperone bench mcp --playwright-mcp tools/playwright-mcp/node_modules/@playwright/mcp/cli.js "$@"
