#!/usr/bin/env bash
# Installs the MCP client the tests drive Chaperone with: @modelcontextprotocol/inspector-cli,
# pinned with its lock file in tools/mcp-inspector (Node.js 20 or newer; npm registry).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v npm > /dev/null; then
  # The machine's own Node.js is used when there is one: Debian's npm package conflicts with other builds of node.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm > /dev/null
fi
if [ ! -f tools/mcp-inspector/node_modules/@modelcontextprotocol/inspector-cli/build/index.js ]; then
  npm ci --prefix tools/mcp-inspector --no-audit --no-fund --loglevel=error
fi
echo "mcp-inspector: $(node --version), inspector-cli $(node -p "require('./tools/mcp-inspector/node_modules/@modelcontextprotocol/inspector-cli/package.json').version")"
