#!/usr/bin/env bash
# The current reference Docker Engine: dockerd 29 (moby/moby/v2, API 1.52+, BuildKit built in) with its
# containerd image store, built from the Go module proxy, on a containerd 2.x instance of its own. Users
# compare pydock with this engine; where Engine 20.10 (reference-docker.sh) words a daemon error
# differently, this one wins. Everything it owns lives under /var/lib/pydock-ref29 and /run/pydock-ref29,
# beside the 20.10 reference and pydock's containerd, touching neither:
#   - its containerd: /usr/local/bin/containerd (the 2.x pydock installs) with its own root, state and socket;
#   - runc 1.5.1 built with seccomp (Debian's 1.1.5 rejects Engine 29's time namespace);
#   - its own bridge (pydock-ref29, 10.29.0.1/24) and --iptables=false, so the two engines coexist.
#
#   engine29.sh build     build dockerd, docker-proxy and runc into /var/cache/pydock-stack/engine29/bin
#   engine29.sh start     build if needed, then start containerd and dockerd if they are not answering
#   engine29.sh stop      stop both
#   engine29.sh status    exit 0 only when both answer
#
# Use it with the docker CLI 28.2.2: DOCKER_HOST=unix:///run/pydock-ref29/docker.sock docker ...
# Idempotent, like provision.sh.
set -euo pipefail

MOBY_VERSION=v2.0.0-beta.24  # dockerd 29
RUNC_VERSION=v1.5.1
ROOT=/var/lib/pydock-ref29
RUN=/run/pydock-ref29
LOG=/var/log/pydock-stack
ETC=/etc/pydock-stack
BIN=${PYDOCK_ENGINE29_BIN:-/var/cache/pydock-stack/engine29/bin}  # another folder: a fresh build, e.g. to time one
CONTAINERD=/usr/local/bin/containerd
CTR=/usr/local/bin/ctr
CTR_SOCK=$RUN/containerd/containerd.sock
DOCKER_SOCK=$RUN/docker.sock
BRIDGE=pydock-ref29
BRIDGE_CIDR=10.29.0.1/24

say() { printf 'engine29: %s\n' "$*" >&2; }
# shellcheck source=daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"

build() {
  mkdir -p "$BIN" "$LOG"
  # A module build reports its version as "library-import": a stamp file says which one this is.
  if [ ! -x "$BIN/dockerd" ] || [ "$(cat "$BIN/.moby-version" 2>/dev/null)" != "$MOBY_VERSION" ]; then
    say "building dockerd and docker-proxy $MOBY_VERSION (log $LOG/engine29-build.log)"
    GOBIN=$BIN CGO_ENABLED=0 go install "github.com/moby/moby/v2/cmd/dockerd@$MOBY_VERSION" \
      "github.com/moby/moby/v2/cmd/docker-proxy@$MOBY_VERSION" >>"$LOG/engine29-build.log" 2>&1
    echo "$MOBY_VERSION" >"$BIN/.moby-version"
  fi
  if [[ "$("$BIN/runc" --version 2>/dev/null)" != *"runc version ${RUNC_VERSION#v}"* ]]; then
    dpkg-query -W -f='${Status}' libseccomp-dev 2>/dev/null | grep -q 'install ok installed' || {
      say "apt-get install libseccomp-dev"
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libseccomp-dev \
        >>"$LOG/apt.log" 2>&1
    }
    say "building runc $RUNC_VERSION with seccomp"
    GOBIN=$BIN CGO_ENABLED=1 go install -tags seccomp "github.com/opencontainers/runc@$RUNC_VERSION" \
      >>"$LOG/engine29-build.log" 2>&1
  fi
}

containerd_answers() {
  [ -S "$CTR_SOCK" ] && "$CTR" --connect-timeout 2s --address "$CTR_SOCK" version
}

dockerd_answers() { dockerd_answers_on "$DOCKER_SOCK"; }

write_config() {
  mkdir -p "$ETC" "$ROOT" "$RUN" "$LOG"
  # CRI off: not needed, and it would read the CNI config pydock's nerdctl writes in /etc/cni/net.d.
  cat >"$ETC/engine29-containerd.toml" <<EOF
version = 3
root = "$ROOT/containerd"
state = "$RUN/containerd"
disabled_plugins = ["io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images", "io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTR_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$ROOT/opt"
EOF
  cat >"$ETC/engine29-daemon.json" <<EOF
{
  "runtimes": {"runc151": {"path": "$BIN/runc"}},
  "default-runtime": "runc151",
  "userland-proxy-path": "$BIN/docker-proxy"
}
EOF
}

bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 && return
  ip link add name "$BRIDGE" type bridge
  ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

start_containerd() {
  containerd_answers >/dev/null 2>&1 && return
  say "starting containerd on $CTR_SOCK (log $LOG/engine29-containerd.log)"
  setsid "$CONTAINERD" --config "$ETC/engine29-containerd.toml" >>"$LOG/engine29-containerd.log" 2>&1 </dev/null &
  echo $! >"$RUN/containerd.pid"
  wait_for "containerd" 30 containerd_answers || { tail -20 "$LOG/engine29-containerd.log" >&2; exit 1; }
}

start_dockerd() {
  dockerd_answers >/dev/null 2>&1 && return
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || echo 1 >/proc/sys/net/ipv4/ip_forward
  say "starting dockerd 29 on $DOCKER_SOCK (log $LOG/engine29-dockerd.log)"
  rm -f "$DOCKER_SOCK"
  setsid "$BIN/dockerd" --config-file "$ETC/engine29-daemon.json" --data-root "$ROOT/docker" \
    --exec-root "$RUN/docker" --pidfile "$RUN/dockerd.pid" -H "unix://$DOCKER_SOCK" --containerd "$CTR_SOCK" \
    -b "$BRIDGE" --iptables=false --ip6tables=false >>"$LOG/engine29-dockerd.log" 2>&1 </dev/null &
  wait_for dockerd 90 dockerd_answers || { tail -20 "$LOG/engine29-dockerd.log" >&2; exit 1; }
}

status() {
  local ok=0
  if containerd_answers >/dev/null 2>&1; then say "containerd answers on $CTR_SOCK"
  else say "containerd is not running"; ok=1; fi
  if dockerd_answers >/dev/null 2>&1; then say "dockerd 29 answers on unix://$DOCKER_SOCK"
  else say "dockerd 29 is not running"; ok=1; fi
  return $ok
}

main() {
  case "${1:-}" in
    build) need_root; build ;;
    start) need_root; build; write_config; bridge; start_containerd; start_dockerd ;;
    stop) need_root; stop_one dockerd "$RUN/dockerd.pid"; stop_one containerd "$RUN/containerd.pid" ;;
    status) status ;;
    *) say "usage: $0 build|start|stop|status"; exit 2 ;;
  esac
}

main "$@"
