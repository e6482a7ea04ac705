#!/usr/bin/env bash
# Builds the image without a Docker daemon (buildah), measures it, checks what is in it, and
# runs `actbot run --once`, `check` and `health` inside, comparing the result with the same
# command outside. Not part of CI (it needs root, buildah and minutes); docs/containers.md
# gives the numbers it printed and what each step means.
#
#   sudo bash benchmarks/container_image.sh                 # on a local Debian stand-in base
#   BASE=python:3.12.13-slim-bookworm sudo -E bash benchmarks/container_image.sh
#
# Needs: buildah, podman (for `images`/`history`), debootstrap when BASE is unset (apt-get
# install buildah podman debootstrap), and the project's .venv for the run outside.
# Where TLS to PyPI is intercepted, PIP_CERT (or pip's `cert` setting) names the CA bundle,
# passed to the build as a secret, never into a layer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${ACTBOT_CONTAINER_WORK:-/tmp/actbot-container}
IMAGE=${IMAGE:-localhost/actbot:measure}
ISOLATION=${BUILDAH_ISOLATION:-chroot}  # where namespaces and cgroups are refused
mkdir -p "$WORK"
say() { printf '\n== %s\n' "$*"; }

# 1. The base: given, or a Debian bookworm with python3 and python3-venv from the mirror.
if [ -z "${BASE:-}" ]; then
  BASE=localhost/bookworm-python:3.11
  if ! podman image exists "$BASE"; then
    say "building the stand-in base $BASE (debootstrap, about 2 minutes)"
    mirror=$(awk '/^URIs:/{print $2; exit} /^deb /{print $2; exit}' \
      /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1)
    rm -rf "$WORK/rootfs"
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
      bookworm "$WORK/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$WORK/debootstrap.log"
    rm -rf "$WORK"/rootfs/var/lib/apt/lists/* "$WORK"/rootfs/var/cache/apt/*.bin
    tar -C "$WORK/rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE" >/dev/null
  fi
fi

# 2. The build. --network host: chroot isolation has no network namespace of its own.
say "building $IMAGE on $BASE"
cert=${PIP_CERT:-$(pip config get global.cert 2>/dev/null || true)}
secret=()
[ -n "$cert" ] && [ -f "$cert" ] && secret=(--secret "id=pip_cert,src=$cert")
start=$(date +%s)
buildah bud --format docker --isolation "$ISOLATION" --network host --layers \
  ${PIP_INDEX_URL:+--build-arg "PIP_INDEX_URL=$PIP_INDEX_URL"} "${secret[@]}" \
  --build-arg "BASE=$BASE" -t "$IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1 ||
  { tail -30 "$WORK/build.log"; exit 1; }
echo "built in $(($(date +%s) - start)) s (log: $WORK/build.log)"

# 3. Sizes: the whole image, the base, and each layer.
say "size"
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^($IMAGE|$BASE) "
say "layers (newest first)"
podman history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-110

# 4. Contents, from the image's file system.
say "contents"
container=$(buildah from "$IMAGE")
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
fs=$(buildah mount "$container")
site=$(echo "$fs"/opt/venv/lib/python3*/site-packages)
check() { if eval "$2"; then echo "ok       $1"; else echo "PROBLEM  $1"; failed=1; fi; }
failed=0
check "no /wheels" "[ ! -e '$fs/wheels' ]"
check "no pip cache (/root/.cache)" "[ ! -e '$fs/root/.cache' ]"
check "no pip in the runtime venv" "[ ! -e '$site/pip' ]"
check "no tests, docs or benchmarks in /app" \
  "[ -z \"\$(ls '$fs/app' | grep -vx -e data -e config.example.toml)\" ]"
check "no project tests or benchmarks in site-packages" \
  "[ ! -e '$site/tests' ] && [ ! -e '$site/benchmarks' ]"
check "no build sources left (/src)" "[ ! -e '$fs/src' ]"
check "the volume directory is empty (no home-directory files)" \
  "[ -z \"\$(ls -A '$fs/var/lib/actbot')\" ]"
check "the volume directory belongs to uid 10001" \
  "[ \"\$(stat -c %u:%g '$fs/var/lib/actbot')\" = 10001:10001 ]"
check "runs as actbot, not root" \
  "[ \"\$(buildah inspect --format '{{.OCIv1.Config.User}}' '$IMAGE')\" = actbot ]"
check "actbot's home is outside the volume" \
  "grep -q '^actbot:x:10001:10001::/nonexistent:' '$fs/etc/passwd'"
du -sh "$fs/opt/venv" "$fs/app/data" | sed 's/^/         /'
buildah umount "$container" >/dev/null

# 5. The same command inside and outside, on the bundled record, into fresh folders.
say "actbot run --once: inside and outside"
rm -rf "$WORK/inside" "$WORK/outside"
install -d -o 10001 -g 10001 -m 0750 "$WORK/inside"  # as Docker makes a new named volume
mkdir -p "$WORK/outside"
inside() { buildah run --isolation "$ISOLATION" -v "$WORK/inside:/var/lib/actbot" "$container" -- "$@"; }
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
start=$(date +%s%N)
inside actbot run --once >"$WORK/inside.out" 2>"$WORK/inside.err"
echo "inside:  exit 0 in $(ms "$start") ms"
(
  cd "$WORK/outside"
  export ACTBOT_DATABASE__URL="sqlite:///$WORK/outside/actbot.sqlite3" \
    ACTBOT_PUBLISHING__OUTBOX="$WORK/outside/outbox" \
    ACTBOT_SCHEDULER__HEARTBEAT_FILE="$WORK/outside/heartbeat" \
    ACTBOT_BLUESKY__SESSION_FILE="$WORK/outside/bluesky.session"
  start=$(date +%s%N)
  "$ROOT/.venv/bin/actbot" run --once >"$WORK/outside.out" 2>"$WORK/outside.err"
  echo "outside: exit 0 in $(ms "$start") ms"
  "$ROOT/.venv/bin/actbot" export --format json >"$WORK/outside.json"
)
inside actbot export --format json >"$WORK/inside.json"
same() { if cmp -s "$2" "$3"; then echo "same     $1"; else echo "DIFFERS  $1"; failed=1; fi; }
sed "s#$WORK/outside#/var/lib/actbot#g" "$WORK/outside.out" >"$WORK/outside.out.n"
same "stdout ($(wc -l <"$WORK/inside.out") lines)" "$WORK/outside.out.n" "$WORK/inside.out"
same "stored votes (export --format json, $(grep -c '"symbol"' "$WORK/inside.json") votes)" \
  "$WORK/outside.json" "$WORK/inside.json"
folders() { (cd "$1" && ls); }
same "outbox folders ($(folders "$WORK/inside/outbox" | wc -l))" \
  <(folders "$WORK/outside/outbox") <(folders "$WORK/inside/outbox")
# every file byte for byte, but post.json's attempt_id, which is random per attempt
digest() {
  (cd "$1" && find . -type f ! -name post.json | sort | xargs sha256sum
   for f in $(find . -name post.json | sort); do
     echo "$f $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("attempt_id"); print(json.dumps(d, sort_keys=True))' "$f" | sha256sum)"
   done)
}
same "outbox files ($(find "$WORK/inside/outbox" -type f | wc -l)), post.json but attempt_id" \
  <(digest "$WORK/outside/outbox") <(digest "$WORK/inside/outbox")
say "what a new volume holds after a run"
ls -la "$WORK/inside"

# 6. check, and health before and while the scheduler runs.
say "actbot check (inside)"
inside actbot check || failed=1
say "actbot health (inside)"
if inside actbot health 2>/dev/null; then echo "PROBLEM  healthy with no scheduler"; failed=1
else echo "ok       unhealthy before the scheduler runs (exit 1)"; fi
inside timeout -s TERM 40 actbot run >"$WORK/scheduler.log" 2>&1 &
sleep 20
inside actbot health --max-age 180 || failed=1
wait || true  # timeout's 124: it sent the SIGTERM
grep -q "scheduler stopped" "$WORK/scheduler.log" && echo "ok       SIGTERM stopped the scheduler cleanly"
exit "$failed"
