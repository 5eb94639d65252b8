#!/usr/bin/env bash
# The ssh "remote" of pydock's ssh transport tests (issue #16): Debian's sshd on 127.0.0.1 only, on a fixed
# high port, with its own config, host key and pid file (no systemd, no port 22), and a test key pair whose
# public key root accepts. The remote is this machine's own containerd; the tests use a namespace of their own.
#
#   tests/stack/sshd.sh start    install (apt) and start, or leave the running one (idempotent)
#   tests/stack/sshd.sh stop     stop it
#   tests/stack/sshd.sh env      print the settings the tests read (port, key, known_hosts)
set -euo pipefail

PORT=${PYDOCK_TEST_SSH_PORT:-42222}
DIR=/var/lib/pydock-stack/sshd     # host key, test key pair, known_hosts for the test client
RUN=/run/pydock-stack
LOG=/var/log/pydock-stack
PID=$RUN/sshd.pid
say() { printf 'sshd: %s\n' "$*" >&2; }

install_server() {
  dpkg-query -W -f='${Status}' openssh-server 2>/dev/null | grep -q 'install ok installed' && return
  say "apt-get install openssh-server"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postinst would start a system sshd on port 22 where no policy forbids it: forbid it for the install
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; own_policy=1; fi
  apt-get install -y --no-install-recommends openssh-server >"$LOG/sshd-apt.log" 2>&1 || {
    apt-get update >>"$LOG/sshd-apt.log" 2>&1
    apt-get install -y --no-install-recommends openssh-server >>"$LOG/sshd-apt.log" 2>&1
  }
  [ -n "$own_policy" ] && rm -f "$policy"
  return 0
}

keys() {
  mkdir -p "$DIR" /root/.ssh /run/sshd
  chmod 700 "$DIR" /root/.ssh
  [ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C pydock-test-host -f "$DIR/host_ed25519"
  [ -f "$DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C pydock-test-client -f "$DIR/client_ed25519"
  # a key pair root does not accept, for the refused-key test
  [ -f "$DIR/stranger_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C pydock-test-stranger -f "$DIR/stranger_ed25519"
  # a Kubernetes node's remote for the ctr backend's tests (tests/integration/test_ssh_ctr.py): a key whose sessions
  # get a PATH with ctr but no nerdctl (node-bin links ctr; nerdctl is in /usr/local/bin, left out), through a
  # command= wrapper that runs the command asked for; and the same with no-port-forwarding, which refuses the
  # forwarding of containerd's socket (as AllowStreamLocalForwarding no would)
  [ -f "$DIR/ctrnode_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C pydock-test-ctrnode -f "$DIR/ctrnode_ed25519"
  [ -f "$DIR/noforward_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C pydock-test-noforward -f "$DIR/noforward_ed25519"
  mkdir -p "$DIR/node-bin"
  ln -sfn "$(command -v ctr || echo /usr/local/bin/ctr)" "$DIR/node-bin/ctr"
  local node="command=\"PATH=$DIR/node-bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH; exec /bin/sh -c \\\"\$SSH_ORIGINAL_COMMAND\\\"\""
  {
    cat "$DIR/client_ed25519.pub"
    printf '%s %s\n' "$node" "$(cat "$DIR/ctrnode_ed25519.pub")"
    printf 'no-port-forwarding,%s %s\n' "$node" "$(cat "$DIR/noforward_ed25519.pub")"
  } >"$DIR/authorized_keys.new"
  chmod 600 "$DIR/authorized_keys.new"
  mv -f "$DIR/authorized_keys.new" "$DIR/authorized_keys"  # whole at once: a login meanwhile reads one or the other
  printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/host_ed25519.pub")" >"$DIR/known_hosts"
  cat >"$DIR/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/host_ed25519
PidFile $PID
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowUsers root
MaxSessions 50
MaxStartups 50:30:100
StrictModes yes
Subsystem sftp internal-sftp
CONF
}

running() { [ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || { say "must run as root"; exit 1; }
  mkdir -p "$RUN" "$LOG"
  install_server
  keys
  /usr/sbin/sshd -t -f "$DIR/sshd_config"
  if running; then kill -HUP "$(cat "$PID")"; return; fi  # re-read the config, keep the one running
  /usr/sbin/sshd -f "$DIR/sshd_config" -E "$LOG/sshd.log"
  for _ in $(seq 50); do
    running && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { say "listening on 127.0.0.1:$PORT"; return; }
    sleep 0.1
  done
  say "sshd did not start (see $LOG/sshd.log)"; exit 1
}

case "${1:-start}" in
  start) start ;;
  stop) running && kill "$(cat "$PID")"; rm -f "$PID" ;;
  env) printf 'PYDOCK_TEST_SSH_PORT=%s\nPYDOCK_TEST_SSH_DIR=%s\n' "$PORT" "$DIR" ;;
  *) say "usage: $0 start|stop|env"; exit 2 ;;
esac
