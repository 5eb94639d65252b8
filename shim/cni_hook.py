"""The OCI hook that networks a container the ctr backend runs on a CNI network (docker's default `bridge`),
as nerdctl's `nerdctl internal oci-hook` does for its own: runc runs it with the container's state on stdin.

    python -m shim.cni_hook createRuntime|postStop|exited

- createRuntime (the container's namespaces exist, its process has not started): the network's plugins ADD
  an interface to /proc/PID/ns/net, with the CNI container ID `<namespace>-<ID>` and the port mappings of
  the container's state folder (network-config.json, what nerdctl v2.3.5 keeps there); a failure undoes the
  ADD and fails the start. The host ports are held by a `sleep infinity` that keeps their sockets, as
  nerdctl's port reserver does (its pid file is nerdctl's, so either one's teardown ends it), so they show
  in /proc/net/tcp and nothing else binds them. The container's hosts file (nerdctl's etchosts store) gets
  its address, and every hosts file of the namespace the others' (nerdctl's hostsstore rules).
- postStop (the task is deleted) and exited (the container's first process ended: pydock's logger or stop
  calls it): DEL of the same, with the cached result (netns "", the namespace may be gone), the reserver
  ended, the hosts entry withdrawn. Both are idempotent, as nerdctl's.

The container's annotations (nerdctl's label keys, copied into its spec) say what to do: nerdctl/networks,
nerdctl/namespace, nerdctl/state-dir, nerdctl/name, nerdctl/hostname. Standard library and shim/cni.py only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

from shim import cni

HOSTS_BEGIN, HOSTS_END = "# <nerdctl>", "# </nerdctl>"


class Container:
    """What the hook knows of the container: its state (runc's) and annotations."""

    def __init__(self, state: dict) -> None:
        self.id = str(state.get("id") or "")
        self.pid = int(state.get("pid") or 0)
        notes = state.get("annotations") or {}
        if not notes and state.get("bundle"):  # as nerdctl's hook, the bundle's spec
            try:
                with open(os.path.join(state["bundle"], "config.json"), encoding="utf-8") as f:
                    notes = json.load(f).get("annotations") or {}
            except (OSError, ValueError):
                notes = {}
        self.notes: dict[str, str] = notes
        self.namespace = notes.get("nerdctl/namespace", "")
        self.state_dir = notes.get("nerdctl/state-dir", "")
        try:
            self.networks = [n for n in json.loads(notes.get("nerdctl/networks") or "[]") if n not in ("none", "host")]
        except ValueError:
            self.networks = []
        self.cni_id = f"{self.namespace}-{self.id}"

    def data_store(self) -> str:
        """nerdctl's data store: the state folder is <store>/containers/<ns>/<ID>."""
        return os.path.dirname(os.path.dirname(os.path.dirname(self.state_dir.rstrip("/"))))

    def ports(self) -> list[dict]:
        """The port mappings as CNI's portmap takes them (hostPort, containerPort, protocol, hostIP)."""
        try:
            with open(os.path.join(self.state_dir, "network-config.json"), encoding="utf-8") as f:
                saved = json.load(f)
        except (OSError, ValueError):
            saved = {}
        out = []
        for given in saved.get("portMappings") or []:
            m = {k.lower(): v for k, v in given.items()}  # Go reads JSON keys regardless of case
            out.append({"hostPort": m.get("hostport", 0), "containerPort": m.get("containerport", 0),
                        "protocol": m.get("protocol", "tcp"), "hostIP": m.get("hostip", "")})
        return out


def _network(c: Container, name: str) -> dict:
    found = cni.default_network() if name == cni.DEFAULT_NETWORK else cni.find_network(name, c.namespace)
    if found is None:
        raise cni.Failed(f'no such network: "{name}"')
    return found[1]


def setup(c: Container) -> None:
    ports = c.ports()
    args = f"IgnoreUnknown=1;NERDCTL_CNI_DHCP_HOSTNAME={c.notes.get('nerdctl/hostname', '')}"
    results: dict[str, dict] = {}
    with cni.Lock():
        for index, name in enumerate(c.networks):
            conflist = _network(c, name)
            ifname = f"eth{index}"
            # what an earlier start left (containerd restarted): nerdctl's hook clears it first too
            if cni.cache_path(conflist["name"], c.cni_id, ifname).exists():
                with contextlib.suppress(cni.Failed, OSError, ValueError):
                    cni.run_chain("DEL", conflist, c.cni_id, "", ifname, capabilities={"portMappings": ports})
            try:
                results[name] = cni.run_chain("ADD", conflist, c.cni_id, f"/proc/{c.pid}/ns/net", ifname,
                                              capabilities={"portMappings": ports}, args=args)
            except (cni.Failed, OSError, ValueError):
                _teardown_networks(c, ports, quiet=True)  # the failure's own line is what the user sees
                raise
    _started(c)
    if ports:
        _reserve(c, ports)
    _hosts_acquire(c, results)


def teardown(c: Container, *, records: bool = True) -> None:
    """DEL of the container's networks; with `records`, the port reserver and the hosts entry too (not for a
    container nerdctl's hook tears down: it expects them there)."""
    with cni.Lock():
        _teardown_networks(c, c.ports())
        cni.drop_rules(c.cni_id, c.networks)
    if records:
        _end_reserver(c)
        _hosts_release(c)


def _teardown_networks(c: Container, ports: list[dict], *, quiet: bool = False) -> None:
    for index, name in enumerate(c.networks):
        try:
            conflist = _network(c, name)
            cni.run_chain("DEL", conflist, c.cni_id, "", f"eth{index}", capabilities={"portMappings": ports})
        except (cni.Failed, OSError, ValueError) as e:
            if not quiet:
                print(f"pydock: CNI teardown of {name}: {e}", file=sys.stderr)


def _started(c: Container) -> None:
    """nerdctl's lifecycle.json: when the container started (nerdctl's inspect reads it)."""
    now = time.time_ns()
    when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}Z"
    _write(os.path.join(c.state_dir, "lifecycle.json"), json.dumps({"started_at": when, "create_error": False}))


def _reserver_pidfile(c: Container) -> str:
    return os.path.join("/run/nerdctl", c.namespace, c.id, "port-reserver.pid")  # nerdctl's


def _reserve(c: Container, ports: list[dict]) -> None:
    """A `sleep infinity` holding a bound socket per host port, as nerdctl's port reserver."""
    import socket
    import subprocess

    held = []
    for p in ports:
        kind = socket.SOCK_DGRAM if p["protocol"] == "udp" else socket.SOCK_STREAM
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind((p["hostIP"] or "0.0.0.0", int(p["hostPort"])))  # noqa: S104 - the host port docker binds
            if kind == socket.SOCK_STREAM:
                s.listen(1)
        except OSError as e:
            print(f"pydock: cannot reserve the port {p['hostIP']}:{p['hostPort']}: {e}", file=sys.stderr)
            s.close()
            continue
        held.append(s)
    # its streams are not runc's pipes: runc waits for a hook's output to end
    reserver = subprocess.Popen(["sleep", "infinity"], pass_fds=[s.fileno() for s in held], start_new_session=True,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for s in held:
        s.close()
    path = _reserver_pidfile(c)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _write(path, str(reserver.pid))


def _end_reserver(c: Container) -> None:
    import signal

    path = _reserver_pidfile(c)
    try:
        with open(path, encoding="ascii") as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError):
        os.unlink(path)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(path))


def _write(path: str, text: str, mode: int = 0o644) -> None:
    temp = f"{path}.{os.getpid()}.tmp"
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(temp, mode)
    os.rename(temp, path)


def _hosts_folder(c: Container) -> str:
    return os.path.join(c.data_store(), "etchosts", c.namespace)


def _hosts_acquire(c: Container, results: dict[str, dict]) -> None:
    """nerdctl's hostsstore Acquire: the container's meta.json, then every hosts file rewritten."""
    folder = _hosts_folder(c)
    os.makedirs(os.path.join(folder, c.id), exist_ok=True)
    meta = {"ID": c.id, "Networks": results, "Hostname": c.notes.get("nerdctl/hostname", ""),
            "ExtraHosts": {}, "Name": c.notes.get("nerdctl/name", ""),
            "Domainname": c.notes.get("nerdctl/domainname", "")}
    with _Flock(folder):
        _write(os.path.join(folder, c.id, "meta.json"), json.dumps(meta), 0o600)
        _update_hosts(folder)


def _hosts_release(c: Container) -> None:
    folder = _hosts_folder(c)
    if not os.path.isdir(folder):
        return
    with _Flock(folder):
        try:
            os.unlink(os.path.join(folder, c.id, "meta.json"))
        except OSError:
            return
        _update_hosts(folder)


class _Flock:
    """nerdctl's store lock: flock on the store's folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.fd = -1

    def __enter__(self) -> None:
        import fcntl

        self.fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        os.close(self.fd)


def _update_hosts(folder: str) -> None:
    """Each container's hosts file: its own lines kept, nerdctl's marked part written again with localhost
    and the hostname and name of every container on a network it shares (nerdctl's updateAllHosts)."""
    metas = {}
    for entry in sorted(os.listdir(folder)):
        try:
            with open(os.path.join(folder, entry, "meta.json"), encoding="utf-8") as f:
                metas[entry] = json.load(f)
        except (OSError, ValueError):
            continue
    by_ip: dict[str, tuple[str, dict]] = {}
    for meta in metas.values():
        for net, result in (meta.get("Networks") or {}).items():
            for ip in (result or {}).get("ips") or []:
                address = str(ip.get("address", "")).split("/")[0]
                if address and not address.startswith(("127.", "0.")) and address not in ("::1", "::"):
                    by_ip[address] = (net, meta)
    for entry, mine in metas.items():
        path = os.path.join(folder, entry, "hosts")
        try:
            with open(path, encoding="utf-8") as f:
                kept = _outside_marks(f.read())
        except OSError:
            kept = ""
        lines = [kept + HOSTS_BEGIN, "127.0.0.1\tlocalhost localhost.localdomain",
                 "::1\t\tlocalhost localhost.localdomain"]
        lines += [f"{ip:<15} {host}" for host, ip in (mine.get("ExtraHosts") or {}).items()]
        for ip, (net, meta) in by_ip.items():
            if net in (mine.get("Networks") or {}):
                names = [n for n in (meta.get("Hostname"), meta.get("Name")) if n]
                names = [x for n in names for x in ((n,) if net == cni.DEFAULT_NETWORK else (n, f"{n}.{net}"))]
                lines.append(f"{ip:<15} {' '.join(names)}")
        # in place: the file is bound into the container already, a new one would not be seen there
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + f"\n{HOSTS_END}\n")


def _outside_marks(text: str) -> str:
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.strip() == HOSTS_BEGIN:
            inside = True
        elif line.strip() == HOSTS_END:
            inside = False
        elif not inside:
            out.append(line)
    return "".join(out)


def main(argv: list[str]) -> int:
    event = argv[0] if argv else ""
    try:
        c = Container(json.load(sys.stdin))
    except (ValueError, TypeError) as e:
        print(f"pydock: the OCI state is not JSON: {e}", file=sys.stderr)
        return 1
    if not c.networks or not c.id or not c.namespace or not c.state_dir:
        return 0
    try:
        if event == "createRuntime":
            setup(c)
        elif event in ("postStop", "exited"):
            teardown(c)
        else:
            print(f"pydock: unexpected event {event!r}", file=sys.stderr)
            return 1
    except (cni.Failed, OSError) as e:
        print(f"pydock: failed to set up the container's network: {' '.join(str(e).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
