#!/usr/bin/env bash
# Provision the real container stack that pydock's tests and demo use, on a Debian 12 machine
# without systemd: Debian's runc, CNI plugins, busybox-static, docker-registry, iptables and git; /dev/mqueue;
# containerd 2.x and nerdctl 2.x built from the Go module proxy at pinned versions; containerd
# and a plain-HTTP registry on 127.0.0.1 started as daemons with pid and log files; last, the two
# reference Docker Engines of the differential tests: Engine 20.10 (reference-docker.sh, Debian's, its own
# containerd 1.6) and Engine 29, the reference (engine29.sh: dockerd, docker-proxy and runc built from the
# Go module proxy, about 6 minutes on a fresh machine, its own containerd 2.x).
# containerd, nerdctl and BuildKit are installed by pydock itself (`pydock install --method go`), so
# every CI run also proves that installer method on a fresh machine; `pydock daemon start` then runs
# buildkitd (containerd worker) for the default namespace, the tests' one and the compat harness's (pydock-compat).
#
# Idempotent: every step checks what is already there and skips it. Safe to run on every
# `make test`. Prints how long it took (issue #2 asks for fresh and warm timings).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# The versions pydock's installer pins for its go method (nerdctl v2.3.5 pins containerd v2.3.3 in
# its own Dockerfile, so the pair is one nerdctl documents as compatible): one place, the manifest.
go_version() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["go"][sys.argv[2]]["version"])' \
                 "$here/../../shim/install/manifest.json" "$1"; }
CONTAINERD_VERSION=$(go_version containerd)
NERDCTL_VERSION=$(go_version nerdctl)
BUILDKIT_VERSION=$(go_version buildkit)  # nerdctl v2.3.5's Dockerfile pins BuildKit v0.31.2
TEST_NAMESPACE=${PYDOCK_TEST_NAMESPACE:-pydock-test}

PREFIX=${PYDOCK_STACK_PREFIX:-/usr/local}
ETC=/etc/pydock-stack
STATE=/var/lib/pydock-stack
RUN=/run/pydock-stack
LOG=/var/log/pydock-stack
SRC=/var/cache/pydock-stack/src
PYDOCK=${PYDOCK:-$(cd "$(dirname "$0")/../.." && pwd)/.venv/bin/pydock}  # `make stack` passes its own
REGISTRY_ADDR=127.0.0.1:5000
AUTH_REGISTRY_ADDR=127.0.0.1:5001  # htpasswd auth: user pydock, password pydock-secret
CONTAINERD_SOCK=/run/containerd/containerd.sock

start=$(date +%s.%N)
say() { printf 'provision: %s\n' "$*" >&2; }
elapsed() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f}s')" "$1"; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    say "must run as root (it installs packages and starts containerd)"; exit 1
  fi
}

apt_packages() {
  # docker.io is the reference engine of the differential tests; zsh and fish are driven by
  # the completion tests; apache2-utils has htpasswd for the auth registry; git clones the build contexts
  # given as git URLs (pydock clones them for nerdctl's build; the reference engine's BuildKit fetches
  # them); openssh-server is the ssh transport's test remote (sshd.sh starts it on 127.0.0.1 only). Go comes
  # with the machine (Debian 12's golang-go is too old).
  local pkgs=(runc containernetworking-plugins busybox-static docker-registry iptables
              docker.io zsh fish apache2-utils git openssh-server)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >"$LOG/apt.log" 2>&1 || {
    apt-get update >>"$LOG/apt.log" 2>&1
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG/apt.log" 2>&1
  }
}

have_version() { # binary, version: true when the installed binary reports that version
  [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q -- "${2#v}"
}

install_stack() {
  have_version "$PREFIX/bin/containerd" "$CONTAINERD_VERSION" &&
    have_version "$PREFIX/bin/ctr" "$CONTAINERD_VERSION" &&
    [ -x "$PREFIX/bin/containerd-shim-runc-v2" ] &&
    have_version "$PREFIX/bin/nerdctl" "$NERDCTL_VERSION" &&
    have_version "$PREFIX/bin/buildkitd" "$BUILDKIT_VERSION" &&
    have_version "$PREFIX/bin/buildctl" "$BUILDKIT_VERSION" && return
  # pydock's own installer, go method: containerd, nerdctl and BuildKit built from the Go module proxy at the
  # versions pinned in shim/install/manifest.json (the ones above), staged and renamed into place.
  # Debian's runc and CNI plugins come from apt above; containerd is started below with this
  # script's own config, so the installer does not start it (--no-start).
  say "pydock install --method go (containerd $CONTAINERD_VERSION, nerdctl $NERDCTL_VERSION, buildkit $BUILDKIT_VERSION)"
  "$PYDOCK" install --method go --no-start --prefix "$PREFIX" --cache "$SRC/downloads"
}

write_configs() {
  mkdir -p "$ETC" /etc/nerdctl "$STATE" "$RUN" "$LOG"
  # containerd 2.x config: default paths, CNI plugins where Debian puts them.
  cat >"$ETC/containerd.toml" <<EOF
version = 3
root = "/var/lib/containerd"
state = "/run/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.cri.v1.runtime".cni]
  bin_dirs = ["/usr/lib/cni"]
  conf_dir = "/etc/cni/net.d"
EOF
  # nerdctl creates its default "bridge" network (nerdctl0, 10.4.0.0/24) from these paths.
  cat >/etc/nerdctl/nerdctl.toml <<EOF
cni_path = "/usr/lib/cni"
cni_netconfpath = "/etc/cni/net.d"
EOF
  mkdir -p /etc/cni/net.d
  # Own registry configs: Debian's default wants htpasswd auth on every interface.
  registry_config "$REGISTRY_ADDR" registry >"$ETC/registry.yml"
  [ -s "$ETC/htpasswd" ] || htpasswd -Bbn pydock pydock-secret >"$ETC/htpasswd"
  { registry_config "$AUTH_REGISTRY_ADDR" registry-auth
    printf 'auth:\n  htpasswd:\n    realm: pydock-test\n    path: %s\n' "$ETC/htpasswd"
  } >"$ETC/registry-auth.yml"
}

registry_config() { # address, storage folder
  cat <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/$2
  delete:
    enabled: true
http:
  addr: $1
EOF
}

# What systemd mounts at boot on any other host and a machine without it lacks: the POSIX message queue
# file system, which nerdctl bind-mounts into `run --ipc=host` containers (Debian's runc is not the
# cause of that failure: with /dev/mqueue mounted, runc 1.1.5 runs them).
host_mounts() {
  mountpoint -q /dev/mqueue && return
  say "mounting mqueue on /dev/mqueue"
  mkdir -p /dev/mqueue
  mount -t mqueue mqueue /dev/mqueue || say "could not mount /dev/mqueue: run --ipc=host will fail"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # description, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "$what did not come up in ${secs}s"; return 1
}

start_containerd() {
  if "$PREFIX/bin/ctr" --address "$CONTAINERD_SOCK" version >/dev/null 2>&1; then return; fi
  say "starting containerd (log $LOG/containerd.log)"
  setsid "$PREFIX/bin/containerd" --config "$ETC/containerd.toml" \
    >>"$LOG/containerd.log" 2>&1 </dev/null &
  echo $! >"$RUN/containerd.pid"
  wait_for containerd 30 "$PREFIX/bin/ctr" --address "$CONTAINERD_SOCK" version || {
    tail -20 "$LOG/containerd.log" >&2; exit 1; }
}

# buildkitd with the containerd worker, one per namespace (nerdctl looks for /run/buildkit-<ns>/ first,
# then the default namespace's /run/buildkit/): pydock's own `daemon start`, a no-op when it answers.
start_buildkitd() { # namespace
  local sock=/run/buildkit-$1/buildkitd.sock
  [ "$1" = default ] && sock=/run/buildkit/buildkitd.sock
  "$PREFIX/bin/buildctl" --addr "unix://$sock" debug workers >/dev/null 2>&1 && return  # warm: no Python
  "$PYDOCK" daemon start --containerd "$PREFIX/bin/containerd" --config "$ETC/containerd.toml" \
    --buildkitd "$PREFIX/bin/buildkitd" --namespace "$1" >/dev/null || {
      say "buildkitd for namespace $1 did not start"; exit 1; }
}

registry_answers() { # address: true when a registry answers there (401 counts)
  python3 - "$1" <<'EOF' 2>/dev/null
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(f"http://{sys.argv[1]}/v2/", timeout=2)
except urllib.error.HTTPError:
    pass
EOF
}

start_registry() { # address, config name
  registry_answers "$1" && return
  say "starting docker-registry on $1"
  setsid /usr/bin/docker-registry serve "$ETC/$2.yml" >>"$LOG/$2.log" 2>&1 </dev/null &
  echo $! >"$RUN/$2.pid"
  wait_for "registry on $1" 20 registry_answers "$1"
}

main() {
  need_root
  mkdir -p "$LOG" "$RUN"
  apt_packages
  install_stack
  write_configs
  host_mounts
  start_containerd
  start_buildkitd default
  start_buildkitd "$TEST_NAMESPACE"
  start_buildkitd pydock-compat  # tests/compat's pydock side builds there
  start_registry "$REGISTRY_ADDR" registry
  start_registry "$AUTH_REGISTRY_ADDR" registry-auth
  "$here/sshd.sh" start  # the ssh transport's remote: this machine's containerd over loopback ssh
  # Last, always: the reference Docker Engines of tests/compat and tests/clients, after pydock's
  # containerd so nothing of theirs can shadow pydock's: Engine 20.10 (its own containerd 1.6, sockets
  # under /run/pydock-ref), then Engine 29, the reference (its own containerd, under /run/pydock-ref29).
  "$here/reference-docker.sh" start
  local engine29_start
  engine29_start=$(date +%s.%N)
  "$here/engine29.sh" start
  say "Engine 29 ready in $(elapsed "$engine29_start")"
  "$here/reference-plugins.sh" build  # docker's buildx and compose, for the build and compose scenarios
  say "ready in $(elapsed "$start"):" \
      "containerd $CONTAINERD_VERSION, nerdctl $NERDCTL_VERSION, buildkitd $BUILDKIT_VERSION," \
      "registries $REGISTRY_ADDR and $AUTH_REGISTRY_ADDR (auth)," \
      "reference dockerd 20.10 on unix:///run/pydock-ref/docker.sock," \
      "reference dockerd 29 on unix:///run/pydock-ref29/docker.sock" \
      "with buildx and compose in DOCKER_CONFIG=$("$here/reference-plugins.sh" config)"
}

main "$@"
