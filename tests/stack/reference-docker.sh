#!/usr/bin/env bash
# The reference Docker Engine of the differential tests (tests/compat): Debian's dockerd 20.10 on
# Debian's own containerd 1.6, with every path, socket and pid file of its own under
# /var/lib/pydock-ref and /run/pydock-ref. It never touches the containerd 2.x that pydock drives
# (/run/containerd/containerd.sock), and nothing listens on docker's default /var/run/docker.sock.
#
#   reference-docker.sh start    start containerd 1.6 and dockerd if they are not answering
#   reference-docker.sh stop     stop both (containers of the reference engine die with them)
#   reference-docker.sh status   say what answers; exit 0 only when both answer
#
# Use it with the docker CLI 28.2.2: DOCKER_HOST=unix:///run/pydock-ref/docker.sock docker ...
# Idempotent, like provision.sh: `start` on a running engine does nothing and exits 0.
set -euo pipefail

ROOT=/var/lib/pydock-ref
RUN=/run/pydock-ref
LOG=/var/log/pydock-stack
ETC=/etc/pydock-stack
CONTAINERD=/usr/bin/containerd      # Debian's 1.6, not /usr/local/bin's 2.x
CTR_SOCK=$RUN/containerd/containerd.sock
DOCKERD=/usr/sbin/dockerd
DOCKER_SOCK=$RUN/docker.sock
# Debian's containerd-shim-runc-v2 and runc live in /usr/bin and /usr/sbin; /usr/local/bin holds
# the 2.x shim built for pydock's containerd, which containerd 1.6 must not pick up.
REF_PATH=/usr/bin:/usr/sbin:/bin:/sbin:/usr/local/bin

say() { printf 'reference-docker: %s\n' "$*" >&2; }
# shellcheck source=daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"

# ctr waits 10s for a socket that is not there; the -S test answers at once.
containerd_answers() {
  [ -S "$CTR_SOCK" ] && PATH=$REF_PATH /usr/bin/ctr --connect-timeout 2s --address "$CTR_SOCK" version
}

dockerd_answers() { dockerd_answers_on "$DOCKER_SOCK"; }

write_config() {
  mkdir -p "$ETC" "$ROOT" "$RUN" "$LOG"
  # containerd 1.6 (config version 2). CRI is off: it is not needed and would read the CNI
  # config pydock's nerdctl writes in /etc/cni/net.d. opt gets its own folder too.
  cat >"$ETC/reference-containerd.toml" <<EOF
version = 2
root = "$ROOT/containerd"
state = "$RUN/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTR_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$ROOT/opt"
EOF
  # dockerd's own (empty) daemon.json: a machine-wide /etc/docker/daemon.json must not change it.
  [ -s "$ETC/reference-daemon.json" ] || echo '{}' >"$ETC/reference-daemon.json"
}

start_containerd() {
  containerd_answers >/dev/null 2>&1 && return
  say "starting containerd 1.6 on $CTR_SOCK (log $LOG/reference-containerd.log)"
  PATH=$REF_PATH setsid "$CONTAINERD" --config "$ETC/reference-containerd.toml" \
    >>"$LOG/reference-containerd.log" 2>&1 </dev/null &
  echo $! >"$RUN/containerd.pid"
  wait_for "containerd 1.6" 30 containerd_answers || {
    tail -20 "$LOG/reference-containerd.log" >&2; exit 1; }
}

start_dockerd() {
  dockerd_answers >/dev/null 2>&1 && return
  # dockerd sets the FORWARD policy to DROP when *it* turns IPv4 forwarding on (libnetwork's
  # setupIPForwarding). Turning forwarding on first leaves the policy alone, so nerdctl's CNI
  # networks keep forwarding as before dockerd existed.
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || echo 1 >/proc/sys/net/ipv4/ip_forward
  say "starting dockerd 20.10 on $DOCKER_SOCK (log $LOG/reference-dockerd.log)"
  rm -f "$DOCKER_SOCK"
  # dockerd writes its own pid file; --config-file keeps a machine-wide daemon.json out.
  PATH=$REF_PATH setsid "$DOCKERD" --config-file "$ETC/reference-daemon.json" \
    --data-root "$ROOT/docker" --exec-root "$RUN/docker" --pidfile "$RUN/dockerd.pid" \
    -H "unix://$DOCKER_SOCK" --containerd "$CTR_SOCK" \
    >>"$LOG/reference-dockerd.log" 2>&1 </dev/null &
  wait_for dockerd 60 dockerd_answers || { tail -20 "$LOG/reference-dockerd.log" >&2; exit 1; }
}

status() {
  local ok=0
  if containerd_answers >/dev/null 2>&1; then say "containerd 1.6 answers on $CTR_SOCK"
  else say "containerd 1.6 is not running"; ok=1; fi
  if dockerd_answers >/dev/null 2>&1; then say "dockerd answers on unix://$DOCKER_SOCK"
  else say "dockerd is not running"; ok=1; fi
  return $ok
}

main() {
  case "${1:-}" in
    start) need_root; write_config; start_containerd; start_dockerd ;;
    # dockerd first: it stops its containers through containerd.
    stop) need_root; stop_one dockerd "$RUN/dockerd.pid"; stop_one containerd "$RUN/containerd.pid" ;;
    status) status ;;
    *) say "usage: $0 start|stop|status"; exit 2 ;;
  esac
}

main "$@"
