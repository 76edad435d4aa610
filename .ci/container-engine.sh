#!/usr/bin/env bash
# A private Docker engine for kekbit's container tests, and the base image they run on.
#
# What it does, and why:
#   - Installs Debian's docker.io and mmdebstrap packages when they are missing (apt-get; root only).
#   - Starts its own dockerd, on its own socket, data root and exec root (defaults below), with its own bridge
#     (kekbit0) and no iptables rules: an engine the user already runs (/var/run/docker.sock, docker0, its images)
#     is never touched. dockerd is started directly because these machines have no service manager.
#   - Builds the tests' base image locally from Debian packages (mmdebstrap, with the apt sources this machine
#     already has, then docker import), because no image registry is reachable in CI. The tag is local
#     (localhost/...), never a public one.
#   - A second run finds the engine answering and the image present and only prints what it found.
#
# Usage:
#   .ci/container-engine.sh [start]   engine up, base image built; prints the environment to export
#   .ci/container-engine.sh env       prints the export lines only (for eval), fails if the engine is not up
#   .ci/container-engine.sh status    engine and image state
#   .ci/container-engine.sh clean     removes what the tests leave: containers, volumes, images they built
#   .ci/container-engine.sh stop      stops this script's dockerd (the data root and the base image stay)
#   .ci/container-engine.sh report    after the tests: prints how many container tests ran and were skipped, from
#                                     the Surefire reports; fails when none ran or one was skipped
#
# Then, for the tests:
#   eval "$(.ci/container-engine.sh env)"
#   mvn -B -pl sample-app -am verify -Dtest=ProducerConsumerContainersTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Settings (environment): KEKBIT_ENGINE_DIR (state: socket, pid, log; default /run/kekbit-engine),
# KEKBIT_ENGINE_DATA (data root; default /var/lib/kekbit-engine), KEKBIT_ENGINE_IMAGE (tag of the image it builds;
# default localhost/kekbit-jre17:bookworm), KEKBIT_APT_SOURCES (apt sources for the image; default the machine's).
set -euo pipefail

ENGINE_DIR=${KEKBIT_ENGINE_DIR:-/run/kekbit-engine}
DATA_ROOT=${KEKBIT_ENGINE_DATA:-/var/lib/kekbit-engine}
SOCKET="$ENGINE_DIR/docker.sock"
PIDFILE="$ENGINE_DIR/dockerd.pid"
LOG="$ENGINE_DIR/dockerd.log"
BRIDGE=kekbit0
BRIDGE_CIDR=${KEKBIT_ENGINE_BRIDGE_CIDR:-172.31.249.1/24}
BASE_IMAGE=${KEKBIT_ENGINE_IMAGE:-localhost/kekbit-jre17:bookworm}
START_WAIT_SECONDS=60
# The docker.io package's client matches its engine; a newer client elsewhere on PATH also works (API negotiation).
DOCKER_CLI=/usr/bin/docker
[ -x "$DOCKER_CLI" ] || DOCKER_CLI=$(command -v docker || echo /usr/bin/docker)

say() { echo "container-engine: $*" >&2; }
die() { echo "container-engine: FAIL: $*" >&2; exit 1; }
docker_() { "$DOCKER_CLI" -H "unix://$SOCKET" "$@"; }

ping_engine() {
  [ -S "$SOCKET" ] && curl -sf --max-time 5 --unix-socket "$SOCKET" http://localhost/_ping >/dev/null 2>&1
}

apt_sources() {
  if [ -n "${KEKBIT_APT_SOURCES:-}" ]; then echo "$KEKBIT_APT_SOURCES"; return; fi
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [ -s "$f" ]; then echo "$f"; return; fi
  done
  die "no apt sources found (/etc/apt/sources.list.d/debian.sources, /etc/apt/sources.list); set KEKBIT_APT_SOURCES"
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
  say "installing ${missing[*]} from Debian's packages (the engine and the image builder)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null; } \
    || die "apt-get could not install ${missing[*]}"
}

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge || die "could not create bridge $BRIDGE"
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE" || die "could not address bridge $BRIDGE with $BRIDGE_CIDR"
  fi
  ip link set "$BRIDGE" up
}

start_engine() {
  if ping_engine; then
    say "engine already answering on $SOCKET"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "starting dockerd needs root; no engine answers on $SOCKET"
  mkdir -p "$ENGINE_DIR" "$DATA_ROOT"
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    die "dockerd $(cat "$PIDFILE") from $PIDFILE runs but does not answer on $SOCKET; see $LOG, or run: $0 stop"
  fi
  rm -f "$PIDFILE" "$SOCKET"
  ensure_bridge
  say "starting dockerd: socket $SOCKET, data root $DATA_ROOT, bridge $BRIDGE, no iptables; log $LOG"
  # setsid: the engine outlives this script and is not in the caller's process group.
  setsid dockerd \
    --host "unix://$SOCKET" \
    --data-root "$DATA_ROOT" \
    --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$PIDFILE" \
    --bridge "$BRIDGE" \
    --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    >"$LOG" 2>&1 </dev/null &
  local waited=0
  until ping_engine; do
    if [ "$waited" -ge "$START_WAIT_SECONDS" ]; then
      tail -20 "$LOG" >&2 || true
      die "dockerd did not answer _ping on $SOCKET within ${START_WAIT_SECONDS}s (log: $LOG)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine up after ${waited}s: dockerd $(docker_ version --format '{{.Server.Version}}')," \
    "storage $(docker_ info --format '{{.Driver}}')"
}

build_image() {
  if docker_ image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    say "base image $BASE_IMAGE present"
    return
  fi
  local sources
  sources=$(apt_sources)
  work=$(mktemp -d "${TMPDIR:-/tmp}/kekbit-image.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  say "building $BASE_IMAGE: Debian bookworm + openjdk-17-jre-headless with mmdebstrap from $sources"
  say "(no registry is reachable in CI, so the image is built from Debian packages; takes a few minutes once)"
  # Docs and man pages are left out to keep the image small; the JRE's configure step needs usr/share/man/man1.
  mmdebstrap --variant=essential --include=openjdk-17-jre-headless,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    --quiet bookworm "$work/rootfs.tar" "$sources" \
    || die "mmdebstrap could not build the image's root file system (apt sources: $sources)"
  docker_ import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["java", "-version"]' \
    "$work/rootfs.tar" "$BASE_IMAGE" >/dev/null || die "docker import of $work/rootfs.tar failed"
  local version
  version=$(docker_ run --rm --network none "$BASE_IMAGE" java -version 2>&1) \
    || die "$BASE_IMAGE was built but does not run java: $version"
  say "image runs: $(grep -m1 'version' <<<"$version")"
}

print_env() {
  cat <<EOF
export DOCKER_HOST=unix://$SOCKET
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export KEKBIT_CONTAINER_BASE_IMAGE=$BASE_IMAGE
EOF
}

clean() {
  ping_engine || { say "no engine on $SOCKET: nothing to clean"; return; }
  local ids
  # Testcontainers labels what it creates; without Ryuk nothing else removes a container a failed test left.
  ids=$(docker_ ps -aq --filter label=org.testcontainers=true)
  [ -n "$ids" ] && docker_ rm -f $ids >/dev/null && say "removed containers: $(echo $ids)"
  ids=$(docker_ volume ls -q --filter name=kekbit-)
  [ -n "$ids" ] && docker_ volume rm -f $ids >/dev/null && say "removed volumes: $(echo $ids)"
  ids=$(docker_ images -q --filter reference='kekbit-sample-app*' | sort -u)
  [ -n "$ids" ] && docker_ rmi -f $ids >/dev/null && say "removed images: $(echo $ids)"
  docker_ image prune -f >/dev/null
  say "clean; kept the base image $BASE_IMAGE"
}

stop_engine() {
  if [ ! -f "$PIDFILE" ]; then say "no $PIDFILE: this script's engine is not running"; return; fi
  local pid waited=0
  pid=$(cat "$PIDFILE")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && die "dockerd $pid still running after 30s"
  say "stopped dockerd $pid"
}

status() {
  if ping_engine; then say "engine up on $SOCKET (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'))"
  else say "no engine on $SOCKET"; return 1; fi
  if docker_ image inspect "$BASE_IMAGE" >/dev/null 2>&1; then say "base image $BASE_IMAGE present"
  else say "base image $BASE_IMAGE missing"; return 1; fi
}

attr() { sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" <<<"$1"; }

report() {
  local root run=0 skipped=0 failed=0 files=0 f line
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for f in "$root"/*/target/surefire-reports/TEST-*ContainersTest.xml; do
    [ -f "$f" ] || continue
    files=$((files + 1))
    line=$(grep -m1 -o '<testsuite [^>]*>' "$f")
    run=$((run + $(attr "$line" tests)))
    skipped=$((skipped + $(attr "$line" skipped)))
    failed=$((failed + $(attr "$line" failures) + $(attr "$line" errors)))
  done
  echo "container tests: $((run - skipped)) run, $skipped skipped, $failed failed ($files report files)"
  [ "$run" -gt 0 ] && [ "$skipped" -eq 0 ] || die "container tests did not run for real"
}

case "${1:-start}" in
  start)
    install_packages
    start_engine
    build_image
    say "ready; for the tests: eval \"\$($0 env)\""
    print_env
    ;;
  env) ping_engine || die "no engine on $SOCKET; run $0 start"; print_env ;;
  status) status ;;
  clean) clean ;;
  stop) stop_engine ;;
  report) report ;;
  *) die "unknown command '$1' (start, env, status, clean, stop, report)" ;;
esac
