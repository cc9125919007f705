#!/usr/bin/env bash
# What the egress guard and the engine's containment cost a page load (a benchmark, not a test): a
# page with 200 sub-resources, loaded with the guard (egress proxy + requests paused at the Fetch
# stage) and without, with containment off, and with V8's JIT off, one after the other on this
# machine; each line also gives the time to Chromium's first page and the memory. Needs a display:
#   scripts/with-display.sh bash scripts/bench-page.sh [loads]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl browser-isolation -am -DskipTests install
mvn -B -ntp -q -pl browser-isolation test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
cd browser-isolation
cp="target/test-classes:target/classes:$(cat ../target/bench-classpath.txt 2>/dev/null || cat target/bench-classpath.txt)"
for mode in none guard guard-uncontained guard-jitless none guard guard-uncontained guard-jitless; do
  # nodelay: the JDK server would otherwise stall each kept-alive response on delayed ACKs (40 ms).
  java -Dsun.net.httpserver.nodelay=true -cp "$cp" dev.chaperone.browser.PageLoadBench "$mode" "${1:-30}" 2>/dev/null | grep '^page load'
done
