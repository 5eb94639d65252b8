"""docker's ssh transport (issue #16): the backend's commands run on a remote host through the system `ssh`.

docker -H ssh://[user@]host[:port] (or DOCKER_HOST, or a context's host) makes every backend command of the call
run as `ssh … host -- <quoted argv>`, so the user's ~/.ssh/config, agent, ProxyJump and known_hosts apply as they
do for docker's own ssh transport; host keys are checked as ssh checks them. One connection serves all the backend
calls of a command and the next few commands: ssh's ControlMaster in a private folder (0700, this user's only).
The remote needs containerd and nerdctl, or containerd and ctr only (a Kubernetes node: the ctr backend, whose reads
of containerd's API go through the remote's socket forwarded by the shared connection, `forward_socket`); not
Python or pydock. PYDOCK_SSH_CONFIG names an ssh config file to use instead of ~/.ssh/config (the tests' own keys
and known_hosts).

The executor (shim/execute.py) calls `wrap` where it spawns the backend; nothing else here runs a process but
`connect`, which opens (or finds) the shared connection and checks the remote has the backend, and
`forward_socket`, which asks that connection to forward containerd's socket.
"""

from __future__ import annotations

import os
import shlex

from shim.errors import DockerError

PERSIST = "60"  # seconds the shared connection outlives the last command (docker scripts call in bursts)
# Environment the remote backend reads; anything else of pydock's environment stays local (it is this machine's).
BACKEND_ENV = ("CONTAINERD_NAMESPACE", "CONTAINERD_ADDRESS", "CONTAINERD_SNAPSHOTTER", "NERDCTL_TOML",
               "BUILDKIT_HOST", "DOCKER_CONFIG")
# In a plan's environment: ssh forwards this machine's agent to that command on a connection of its own (`build
# --ssh`, shim/backends/nerdctl/build_secrets.py), the agent SSH_AUTH_SOCK names there; neither is sent to the remote
# (whose SSH_AUTH_SOCK is then the forwarded agent's)
FORWARD_AGENT = "PYDOCK_SSH_FORWARD_AGENT"
_LOCAL_ONLY = (FORWARD_AGENT, "SSH_AUTH_SOCK")


class Remote:
    """Where an ssh:// host URL points: a plain value."""

    __slots__ = ("url", "user", "host", "port")

    def __init__(self, url: str, user: str, host: str, port: str) -> None:
        self.url = url
        self.user = user
        self.host = host
        self.port = port

    def __repr__(self) -> str:
        return f"Remote({self.url!r})"


def parse(url: str) -> Remote:
    """ssh://[user@]host[:port]; docker's error for anything else (a path, an empty host)."""
    rest = url[len("ssh://"):]
    user, _, hostport = rest.rpartition("@")
    if "/" in hostport or "?" in hostport or "#" in hostport:
        raise DockerError(f"error during connect: {url}: extra path after the host is not supported")
    host, port = hostport, ""
    if hostport.startswith("["):  # [::1]:22
        host, _, after = hostport[1:].partition("]")
        port = after.removeprefix(":")
    elif hostport.count(":") == 1:
        host, port = hostport.split(":")
    if not host or (port and not port.isdigit()) or user.startswith("-") or host.startswith("-"):
        raise DockerError(f"error during connect: {url}: invalid ssh URL")
    return Remote(url, user, host, port)


def control_dir() -> str:
    """A folder only this user can enter, for the shared connection's socket (its path must stay short)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = runtime if runtime and os.path.isdir(runtime) else ("/run" if os.getuid() == 0 else
                                                                os.path.expanduser("~"))
    folder = os.path.join(base, f".pydock-ssh-{os.getuid()}")
    os.makedirs(folder, 0o700, exist_ok=True)
    info = os.lstat(folder)
    if info.st_uid != os.getuid() or info.st_mode & 0o077 or not os.path.isdir(folder) or os.path.islink(folder):
        raise DockerError(f"error during connect: {folder} must be a folder of this user's only (mode 0700)")
    return folder


def ssh_argv(remote: Remote, *, tty: bool = False, stdin: bool = True, agent: str = "") -> list[str]:
    """The ssh command, up to and including the host: the shared connection, the user's config. `agent`: forward
    this machine's agent (SSH_AUTH_SOCK in ssh's environment) on a connection of the command's own (a shared one's
    forwarding would be the master's, for every command it carries)."""
    argv = ["ssh"]
    config = os.environ.get("PYDOCK_SSH_CONFIG", "")
    if config:
        argv += ["-F", config]
    if agent:  # ssh takes an option's first value: these come before the shared connection's
        argv += ["-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ForwardAgent=yes"]
    argv += ["-o", "ControlMaster=auto", "-o", f"ControlPath={control_dir()}/%C",
             "-o", f"ControlPersist={PERSIST}", "-o", "ConnectTimeout=30"]
    if remote.user:
        argv += ["-l", remote.user]
    if remote.port:
        argv += ["-p", remote.port]
    # a remote terminal; -q: ssh's own "Shared connection … closed" would land on the user's terminal after the output
    argv += ["-tt", "-q"] if tty else ["-T"]
    if not stdin:
        argv.append("-n")  # the remote reads no stdin: ssh must not swallow the script's
    return [*argv, "--", remote.host]


def remote_command(argv: list[str], env: dict[str, str]) -> str:
    """argv as one command line for the remote shell, each word quoted; env as `env K=V …` before it."""
    passed = [f"{k}={v}" for k, v in env.items()
              if k not in _LOCAL_ONLY and (k in BACKEND_ENV or os.environ.get(k) != v)]
    words = ["env", *passed, *argv] if passed else argv
    return " ".join(shlex.quote(w) for w in words)


def wrap(remote: Remote, argv: list[str], env: dict[str, str], *, tty: bool = False,
         stdin: bool = True, stderr_file: str = "") -> list[str]:
    """The local command that runs `argv` with `env` (the backend's own variables) on the remote. `stderr_file`:
    the backend's stderr goes to that new file on the remote (in the remote user's home) rather than to ssh."""
    command = remote_command(argv, env)
    if stderr_file:  # noclobber: a file already there (or a link planted in its place) is never written through;
        # the backend takes the shell's process ID (exec), which the .pid file beside keeps for `end_remote`
        pid_file = shlex.quote(stderr_file.removesuffix(".err") + ".pid")
        command = f"set -C; echo $$ >{pid_file}; exec {command} 2>{shlex.quote(stderr_file)}"
    return [*ssh_argv(remote, tty=tty, stdin=stdin, agent=env.get(FORWARD_AGENT, "")), command]


def stderr_file() -> str:
    """A new name for a terminal session's stderr on the remote. With a remote terminal (`ssh -t`) sshd joins the
    command's stderr to it, so the backend's log records (its exec exit code, its chatter) would reach the
    user's screen and never pydock: they go to this file, which `read_stderr` fetches afterwards."""
    return f".pydock-{os.urandom(8).hex()}.err"


def read_stderr(remote: Remote, name: str) -> bytes:
    """What the backend wrote to `name` on the remote, the file (and its .pid beside) then removed (over the
    shared connection)."""
    from shim.execute import capture_quietly

    quoted, pid_file = shlex.quote(name), shlex.quote(name.removesuffix(".err") + ".pid")
    return capture_quietly([*ssh_argv(remote, stdin=False), f"cat {quoted}; rm -f {quoted} {pid_file}"],
                           raw=True)[1]


def end_remote(remote: Remote, name: str) -> None:
    """Kill (SIGKILL, which it cannot pass on) the backend of the terminal session whose stderr is `name`: ended
    from here, ssh's hang-up would reach nerdctl as SIGHUP, which its exec proxies to the process (`exec -it`'s
    detach keys leave the process running, as docker's do)."""
    from shim.execute import capture_quietly

    pid_file = shlex.quote(name.removesuffix(".err") + ".pid")
    capture_quietly([*ssh_argv(remote, stdin=False), f"kill -KILL \"$(cat {pid_file})\""], raw=True)


def _checked_file(remote: Remote, what: str) -> str:
    """The marker, in the private folder, that this remote (through this ssh config) was probed for `what`."""
    import hashlib

    key = f"{remote.url}\0{os.environ.get('PYDOCK_SSH_CONFIG', '')}\0{what}".encode()
    return os.path.join(control_dir(), "checked-" + hashlib.sha256(key).hexdigest()[:20])


def _master_alive(base: list[str]) -> bool:
    from shim.execute import capture_quietly

    return capture_quietly([*base[:-2], "-O", "check", *base[-2:]], raw=True)[0] == 0


def connect(remote: Remote, binary: str, *others: str) -> str:
    """Open the shared connection (or find it open) and check the remote runs `binary` (or, failing that, the
    first of `others` it has); returns the one found. docker's connection error with ssh's own reason (exit 1)
    when ssh cannot reach or log in, a clear one when no backend is there. A warm connection that was checked
    costs one local `ssh -O check`, the answer kept in the marker file while the connection lasts."""
    import tempfile

    from shim.execute import capture_quietly

    base = ssh_argv(remote, stdin=False)
    names = (binary, *others)
    checked = _checked_file(remote, "\0".join(names))
    if os.path.exists(checked) and _master_alive(base):
        with open(checked, encoding="utf-8") as f:
            return f.read().strip() or binary
    # ssh hands its command line to the remote user's shell in any case: the probe is that line, the names quoted
    # (one round trip: the first of the names the remote has is echoed back)
    probe = "; ".join(f"command -v {shlex.quote(n)} >/dev/null && {{ echo {shlex.quote(n)}; exit 0; }}"
                      for n in names) + "; exit 3"
    with tempfile.TemporaryFile() as err:
        code, out = capture_quietly([*base, probe], raw=True, stderr_fd=err.fileno())
        err.seek(0)
        reason = err.read(4096).decode("utf-8", "replace").replace("\r", "").strip()
    if code == 255:  # ssh's own failure: it could not reach the host or log in
        raise DockerError(f"error during connect: ssh {remote.url}: exit status 255: {reason}", 1)
    found = out.decode("utf-8", "replace").strip()
    if code != 0 or found not in names:
        wanted = " or ".join(names)
        raise DockerError(f"pydock: {wanted} was not found on the remote host {remote.host} ({remote.url}); "
                          f"containerd and {wanted} must be installed there (`pydock install` on that host); "
                          "pydock installs nothing on a remote by itself", 1)
    with open(os.open(checked, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        f.write(found)  # this connection's remote has it: the next calls skip the probe while it lasts
    return found


DEFAULT_SOCKET = "/run/containerd/containerd.sock"  # containerd's own default address


def forward_socket(remote: Remote, remote_socket: str = "") -> str:
    """containerd's socket of the remote (`remote_socket`, else containerd's default), reachable here: a unix
    socket in the private folder that the shared connection forwards there (OpenSSH's stream-local forwarding,
    `ssh -O forward -L LOCAL:REMOTE` on the master). Made once per master and reused while it lives (a connect to
    it is the check). Call after `connect`. What pydock reads of containerd's API over ssh goes through it."""
    import hashlib

    target = remote_socket or DEFAULT_SOCKET
    key = f"{remote.url}\0{os.environ.get('PYDOCK_SSH_CONFIG', '')}\0{target}".encode()
    local = os.path.join(control_dir(), "fwd-" + hashlib.sha256(key).hexdigest()[:20] + ".sock")
    if _listening(local):
        return local
    from shim.execute import capture_quietly

    _unlink(local)  # a listener of a master that has ended: its file stays behind, and ssh would not bind over it
    base = ssh_argv(remote, stdin=False)
    capture_quietly([*base[:-2], "-O", "forward", "-L", f"{local}:{target}", *base[-2:]], raw=True)
    if not _listening(local):  # (a call beside this one may have forwarded it first: ssh then refuses a second)
        raise DockerError(f"error during connect: ssh {remote.url}: cannot forward containerd's socket {target} "
                          "through the shared ssh connection (ssh -O forward failed)", 1)
    if not _answers(local):  # sshd opens the remote end only now: a refusal or a missing socket shows here
        capture_quietly([*base[:-2], "-O", "cancel", "-L", f"{local}:{target}", *base[-2:]], raw=True)
        _unlink(local)  # the next call forwards (and asks) again rather than reuse a forwarding that leads nowhere
        raise DockerError(socket_problem(remote, remote_socket), 1)
    return local


VERSION = "/containerd.services.version.v1.Version/Version"


def _answers(path: str) -> bool:
    """Whether containerd answers through the forwarded socket (its Version call, one round trip)."""
    from shim.containerd.grpc import answered

    return answered(path, "default", VERSION, b"")


def _unlink(path: str) -> None:
    try:  # noqa: SIM105 - contextlib costs an import
        os.unlink(path)
    except FileNotFoundError:
        pass


def _listening(path: str) -> bool:
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        return False
    finally:
        sock.close()
    return True


def socket_problem(remote: Remote, remote_socket: str = "") -> str:
    """Why containerd's API cannot be read through the forwarded socket, in docker's connection-error shape: the
    socket is not on the remote, its user may not open it, or the remote's sshd refuses to forward a unix socket
    (AllowStreamLocalForwarding, or the key's no-port-forwarding). One ssh round trip; asked only after a read
    through the forwarded socket failed."""
    from shim.execute import capture_quietly

    target = remote_socket or DEFAULT_SOCKET
    quoted, ctr = shlex.quote(target), shlex.quote(os.environ.get("PYDOCK_CTR", "") or "ctr")
    # containerd answering its own client there means the forwarding is what fails
    code, out = capture_quietly([*ssh_argv(remote, stdin=False),
                                 f"if [ ! -S {quoted} ]; then echo missing; elif [ ! -w {quoted} ]; then echo denied; "
                                 f"elif ! command -v {ctr} >/dev/null; then echo unknown; "
                                 f"elif {ctr} --address {quoted} version >/dev/null 2>&1; then echo answers; "
                                 "else echo silent; fi"], raw=True)
    said = out.decode("utf-8", "replace").strip()
    where = f"error during connect: ssh {remote.url}: cannot reach containerd at unix://{target} on the remote host"
    refused = ("the remote's sshd refused to forward a unix socket to it (AllowStreamLocalForwarding, or the key's "
               "no-port-forwarding); pydock reads containerd's API through that forwarding")
    reasons = {"missing": f"no such socket there. Is containerd running on {remote.host}?",
               "denied": "permission denied (the remote user cannot open containerd's socket)",
               "silent": f"containerd does not answer there. Is containerd running on {remote.host}?",
               "answers": refused, "unknown": f"{refused}, or containerd does not answer there"}
    return f"{where}: {reasons.get(said, f'ssh exited with status {code}')}"


# What runs over ssh (issue #16), by docker's command path: every command pydock runs locally, each with the flags
# refused there and why (none left today; they would be refused in docker's words, naming the transport).
ALLOWED: dict[str, dict[str, str]] = {
    "ps": {}, "images": {}, "pull": {}, "tag": {}, "inspect": {}, "stop": {}, "rm": {}, "rmi": {},
    "logs": {},
    # plain nerdctl calls on the remote (issue #16); export's archive comes through ssh (export.py)
    "create": {},  # --health-cmd: pydock's keeper runs here, its checks over ssh (health_keeper.py)
    # -i on a terminal: a remote one (ssh -tt) for the remote's `start -a -i`; from a pipe, pydock writes the task's
    # stdin FIFO with a remote `cat` and closes it through containerd's socket, forwarded (task_stdin.py)
    "start": {},
    "restart": {}, "kill": {}, "pause": {}, "unpause": {}, "wait": {}, "top": {}, "port": {},
    "rename": {}, "diff": {}, "export": {}, "history": {}, "push": {}, "stats": {},
    "commit": {},  # --change: the image saved through ssh, its config rewritten here, loaded back (commit.py)
    "update": {},  # --cpus is recorded through containerd's socket, forwarded (API_READS)
    "network connect": {}, "network disconnect": {},
    "image prune": {}, "container prune": {}, "system prune": {},
    "events": {},  # events: nerdctl's stream, ended by Ctrl-C as logs -f
    # pydock's attach follows the container's log from now on (lifecycle.py): `logs -f` on the remote, whose
    # --since is this machine's clock (a remote clock ahead of this one shows that many seconds' lines fewer)
    "attach": {},
    # files named by options are read or written here (--env-file, --label-file, -o, -i, --cidfile: run.py)
    "run": {},
    "exec": {},
    "save": {},
    "load": {},
    # volumes, networks and the engine's facts: nerdctl's answers on the remote, printed as locally (the times and
    # sizes pydock reads from nerdctl's files are read on the remote: objects_state.py, volumes.py)
    "volume ls": {}, "volume inspect": {}, "volume create": {}, "volume rm": {}, "volume prune": {},
    "network ls": {}, "network inspect": {}, "network create": {}, "network rm": {}, "network prune": {},
    "info": {}, "version": {}, "system df": {},
    # a tar stream through ssh, staged on the remote for nerdctl's cp (shim/backends/nerdctl/cp_remote.py)
    # the password goes on nerdctl's stdin through ssh, never on a command line; the credentials land on the remote
    "login": {}, "logout": {},
    # the local context is tarred here and streamed to the remote's build (shim/backends/nerdctl/build_ssh.py)
    "build": {},  # --secret, --ssh: read here, kept off the remote's disk, or the agent forwarded (build_secrets.py)
    "cp": {},  # -a: the owners' numbers in the tar sent; -L: the source link's target tarred here, nerdctl's -L there
    # the image made here from the tarball (a file, or stdin spooled here) and streamed to the remote's nerdctl load
    "import": {},
    # buildctl on the remote, at the buildkitd socket nerdctl's rule picks there (builder.py); `search`: nerdctl's
    "builder prune": {}, "buildx prune": {}, "buildx ls": {}, "buildx inspect": {}, "buildx version": {},
    "search": {},
}
# What pydock reads of containerd's API itself for a command of the nerdctl backend (the ctr backend always reads
# it): docker's command path → the flags that need it (none: any line). Over ssh the remote's socket is forwarded
# for those (forward_socket): container prune's "Total reclaimed space" (the stopped containers' snapshot usage),
# and system prune's, which sums it; update --cpus's NanoCpus recorded for inspect.
# start -a/-i: the task's stdin written (its FIFO, the remote's file, through ssh) and closed (Tasks/CloseIO).
API_READS: dict[str, tuple[str, ...]] = {"container prune": (), "system prune": (), "update": ("cpus",),
                                         "start": ("attach", "interactive")}


def reads_api(path: str, values: dict[str, object]) -> bool:
    flags = API_READS.get(_ALIASES.get(path, path))
    return flags is not None and (not flags or any(f in values for f in flags))

# docker's other spellings of the same commands
_ALIASES = {"container ls": "ps", "container ps": "ps", "container list": "ps", "image ls": "images",
            "image list": "images", "image pull": "pull", "image tag": "tag", "container stop": "stop",
            "container rm": "rm", "container remove": "rm", "image rm": "rmi", "image remove": "rmi",
            "system info": "info", "system events": "events", "volume list": "volume ls", "volume remove": "volume rm",
            "network list": "network ls", "network remove": "network rm",
            "container cp": "cp", "container logs": "logs", "container run": "run", "container exec": "exec",
            "image save": "save", "image build": "build", "builder build": "build", "buildx build": "build",
            "image load": "load", "container inspect": "inspect", "image inspect": "inspect",
            "container create": "create", "container start": "start", "container restart": "restart",
            "container kill": "kill", "container pause": "pause", "container unpause": "unpause",
            "container wait": "wait", "container top": "top", "container port": "port", "container rename": "rename",
            "container diff": "diff", "container export": "export", "image history": "history", "image push": "push",
            "container stats": "stats", "container commit": "commit", "container update": "update",
            "container attach": "attach", "image import": "import"}


# docker compose's commands over ssh (shim/backends/nerdctl/compose_ssh.py sends the compose files): the ones
# refused there, with why (in compose's voice: the bare message, exit 1). `cp`: as docker cp's (cp_remote.py).
COMPOSE_REFUSED: dict[str, str] = {}


def _admit_compose(name: str, values: dict[str, object]) -> bool:
    if name in COMPOSE_REFUSED:
        raise DockerError(f"'docker compose {name}' is not supported over pydock's ssh transport: "
                          f"{COMPOSE_REFUSED[name]}", 1)
    return name in ("exec", "run", "cp")  # compose's exec and run attach stdin unless told otherwise; cp sends files


def admit(path: str, values: dict[str, object]) -> bool:
    """Refuse what does not work over ssh yet (exit 125, docker's flag-error shape); else whether the remote command
    reads pydock's stdin (`run -i`, `exec -i`, `load`), which ssh must then carry."""
    if path.startswith("compose "):
        return _admit_compose(path[len("compose "):], values)
    verb = _ALIASES.get(path, path)
    # a command not listed is one the backends lack (swarm, plugin, trust, manifest, volume update): the backend
    # refuses it once connected, in the words and with the exit code it uses locally (docker asks its daemon too)
    refused = ALLOWED.get(verb, {})
    for name in values:
        if name in refused:
            raise DockerError(f"docker: --{name} is not supported over pydock's ssh transport: {refused[name]}.\n"
                              f"See 'docker {path} --help'.", 125)
    return verb in ("load", "cp", "login", "build", "import") or (verb in ("run", "exec", "start")
                                                         and values.get("interactive") is True)
