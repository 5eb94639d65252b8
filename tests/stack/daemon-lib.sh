# Shell functions the reference engines' scripts share (reference-docker.sh, engine29.sh): sourced, not run.
# Each script defines say() with its own prefix before sourcing this file.

need_root() {
  if [ "$(id -u)" != 0 ]; then say "must run as root (it starts containerd and dockerd)"; exit 1; fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # description, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "$what did not come up in ${secs}s"; return 1
}

# A plain HTTP request on the socket: no docker client needed, and no DOCKER_HOST to get wrong.
dockerd_answers_on() { # socket path
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(3)
s.connect(sys.argv[1])
s.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
sys.exit(0 if s.recv(64).split()[1:2] == [b"200"] else 1)
PY
}

stop_one() { # name, pid file: TERM, up to 20 s, then KILL
  pid_alive "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(cat "$2")
  say "stopping $1 (pid $pid)"
  kill "$pid"
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "$1 ignored SIGTERM for 20s; sending SIGKILL"; kill -9 "$pid"; fi
  rm -f "$2"
}
