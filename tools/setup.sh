#!/usr/bin/env bash
# Sets up a fresh machine for Cairn: a virtualenv with Cairn and its test and
# dev extras, the local Neo4j launcher built from Maven Central, and the web
# console's assets built with npm.
# Idempotent: a second run only checks what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { say "Python 3.11 or newer is required"; exit 1; }

# Java 17 and Maven run the local Neo4j; install them where we can (Debian, root).
# With NEO4J_URI set, Cairn uses that server and the local one is optional.
local_neo4j=yes
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Java 17 and Maven with apt-get"
    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
  elif [ -n "${NEO4J_URI:-}" ]; then
    say "no Java 17 and Maven: skipping the local Neo4j; Cairn will use NEO4J_URI=$NEO4J_URI"
    local_neo4j=no
  else
    say "Java 17 and Maven are required for the local Neo4j (or set NEO4J_URI to a running Neo4j 5)"
    exit 1
  fi
fi

# The console's browser tests drive Debian's chromium (Playwright's own browser download
# is not reachable from everywhere); install it where we can (Debian, root).
if [ -z "${CAIRN_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium with apt-get (the console's browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "no /usr/bin/chromium: the console's browser tests need it (apt-get install chromium)"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $python"
  "$python" -m venv .venv
fi
say "installing Cairn and its dependencies into .venv"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

if [ "$local_neo4j" = yes ] && [ ! -f tools/neo4j/target/classes/cairn/neo4j/Launcher.class ]; then
  say "building the Neo4j 5.26 launcher with Maven (first run downloads about 120 MB)"
  (cd tools/neo4j && mvn -q -B package)
fi
# The web console's assets, bundled from the lock file; `cairn serve` ships what this builds.
if command -v npm >/dev/null 2>&1; then
  say "building the web console (npm ci, then esbuild)"
  (cd catalog/console && npm ci --no-audit --no-fund --loglevel=error && npm run -s build >/dev/null)
else
  say "no npm: the web console is not built (the GraphQL API works without it); install Node.js 18+"
fi
say "ready: .venv/bin/cairn"
