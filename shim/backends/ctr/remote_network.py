"""docker's default bridge network, `--network NAME`, `-p` and `-P` of the ctr backend over the ssh transport
(issue #16), on a remote that has containerd, runc, the CNI plugins, /bin/sh, coreutils and iptables, and no
Python (a Kubernetes node).

Locally pydock joins a container to nerdctl's CNI network through OCI hooks that run its Python CNI hook
(shim/cni_hook.py). A remote has no pydock, so its hooks are `/bin/sh -c HOOK` (remote_hook.py): pydock renders,
here, each plugin's configuration of the network found on the remote (nerdctl's files in its CNI configuration
folder, the default one written there as nerdctl writes it) with the port mappings as runtimeConfig, and gives
them to the hook as arguments with the container's host ports, hostname and name. The hook claims the host
ports under nerdctl's CNI lock (two runs racing for one port: one wins, the other fails with docker's "port is
already allocated" and is left Created, as docker leaves it), runs the plugins, keeps nerdctl's hosts store
(containers on one network find each other by name) and leaves a watcher that releases the network when the
container's process ends, as docker does; postStop, and `stop` through ssh, release it too, once.

What the local backend reads of this machine is read on the remote in one ssh command (where nerdctl would look
there: $NETCONFPATH, $CNI_PATH, nerdctl.toml's cni_netconfpath, cni_path and bridge_ip; the network files, the
ports the host holds, resolv.conf), and the state folder's files (resolv.conf, hostname, network-config.json,
the hosts file) are written there in another. Host ports asked for are refused before anything is made when
the remote holds them or a running container of the namespace publishes them (no process holds them on the
remote: their iptables rules do, as docker's with its userland proxy off); the hook checks again under the lock.
"""

from __future__ import annotations

import hashlib
import json
import os

from shim.errors import DockerError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed

NETCONF, PLUGINS = "/etc/cni/net.d", "/opt/cni/bin"  # nerdctl's defaults, when nothing on the remote says others
# One ssh command reads what run needs of the remote, each part after a marker line: $1 the namespace, then nerdctl's
# candidate folders for the plugins. Where nerdctl would look: $NETCONFPATH, $CNI_PATH and nerdctl.toml
# ($NERDCTL_TOML, else /etc/nerdctl/nerdctl.toml: its top-level cni_netconfpath, cni_path and bridge_ip, read as
# shim/nerdctl_files.py reads this machine's), else the first candidate there
_READ = r"""n=$1; shift
t=${NERDCTL_TOML:-/etc/nerdctl/nerdctl.toml}
key() {
  v=
  [ -r "$t" ] || return 0
  while IFS= read -r l || [ -n "$l" ]; do
    l=${l#"${l%%[![:space:]]*}"}
    case $l in '['*) return 0;; "$1"*=*) ;; *) continue;; esac
    k=${l%%=*}; k=${k%"${k##*[![:space:]]}"}
    [ "$k" = "$1" ] || continue
    w=${l#*=}; w=${w#"${w%%[![:space:]]*}"}; w=${w%"${w##*[![:space:]]}"}; w=${w#[\"\']}; w=${w%[\"\']}
    [ -z "$w" ] || v=$w
  done <"$t"
}
key cni_netconfpath; d=${NETCONFPATH:-${v:-/etc/cni/net.d}}
key cni_path; p=${CNI_PATH:-$v}
key bridge_ip; b=$v
if [ -z "$p" ]; then for c do if [ -d "$c" ]; then p=$c; break; fi; done; fi
printf '\n--pydock-netconf %s\n' "$d"
[ -z "$p" ] || printf '\n--pydock-plugins %s\n' "$p"
[ -z "$b" ] || printf '\n--pydock-bridge-ip %s\n' "$b"
for f in "$d"/*.conf "$d"/*.conflist "$d"/*.json "$d/$n"/*.conf "$d/$n"/*.conflist "$d/$n"/*.json; do
  [ -f "$f" ] && { printf '\n--pydock-file %s\n' "$f"; cat -- "$f"; }
done
for t in tcp tcp6 udp udp6; do printf '\n--pydock-proc %s\n' "$t"; cat "/proc/net/$t" 2>/dev/null; done
printf '\n--pydock-resolv\n'; cat /etc/resolv.conf 2>/dev/null; exit 0
"""
# and another writes the state folder's files: $1 state folder, $2 hosts folder, $3 resolv.conf, $4 hostname,
# $5 network-config.json ("" for none), $6 the default network's file to write when missing ("" not), $7 it
_WRITE = r"""umask 022
mkdir -p "$1" "$2" && chmod 700 "$1" "$2" || exit 1
printf '%s' "$3" >"$1/resolv.conf" && printf '%s\n' "$4" >"$1/hostname" && : >"$2/hosts" || exit 1
if [ -n "$5" ]; then (umask 077; printf '%s' "$5" >"$1/network-config.json") || exit 1; fi
if [ -n "$6" ] && [ ! -e "$6" ]; then
  mkdir -p "${6%/*}" && printf '%s' "$7" >"$6.pydock-$$" && mv -f "$6.pydock-$$" "$6" || exit 1
fi
exit 0
"""
_HOOKS: dict[str, dict] = {}  # a container's hooks, made in run's translation, written into its spec by lifecycle


class Remote:
    """What one ssh command read of the remote: its network files, the ports it holds, its resolv.conf."""

    def __init__(self, text: str) -> None:
        self.files: list[tuple[str, dict]] = []
        self.proc: dict[str, str] = {}
        self.resolv = ""
        self.plugins = PLUGINS  # nerdctl's first candidate when none is there (the hook then says so)
        self.netconf = NETCONF
        self.bridge_ip = ""  # nerdctl.toml's, for the default network written when missing
        kind, name, lines = "", "", []  # type: ignore[var-annotated]
        for line in [*text.split("\n"), "--pydock-end"]:
            if line.startswith("--pydock-"):
                self._part(kind, name, "\n".join(lines))
                kind, _, name = line[len("--pydock-"):].partition(" ")
                lines = []
            else:
                lines.append(line)

    def _part(self, kind: str, name: str, body: str) -> None:
        if kind == "plugins":
            self.plugins = name
        elif kind == "netconf":
            self.netconf = name
        elif kind == "bridge-ip":
            self.bridge_ip = name
        elif kind == "proc":
            self.proc[name] = body
        elif kind == "resolv":
            self.resolv = body
        elif kind == "file":
            try:
                loaded = json.loads(body)
            except ValueError:
                return
            if isinstance(loaded, dict) and "plugins" not in loaded and loaded.get("type"):
                loaded = {"cniVersion": loaded.get("cniVersion", "1.0.0"), "name": loaded.get("name", ""),
                          "plugins": [loaded]}
            if isinstance(loaded, dict):
                self.files.append((name, loaded))
                self.files.sort(key=lambda f: (os.path.dirname(f[0]), f[0]))  # nerdctl's order: by folder, name

    def network(self, name: str) -> dict | None:
        """The network named `name` (or by nerdctl's ID), as cni.find_network; the default one as nerdctl's."""
        from shim import cni

        if name == cni.DEFAULT_NETWORK:
            found = [c for _, c in self.files if cni.DEFAULT_LABEL in (c.get("nerdctlLabels") or {})]
            return (found or [c for _, c in self.files if c.get("name") == name] or [None])[0]
        for _, conflist in self.files:
            nid = str(conflist.get("nerdctlID") or "")
            if conflist.get("name") == name or (nid and name in (nid, nid[:12])):
                return conflist
        return None

    def chosen(self, name: str) -> tuple[dict | None, str]:
        """The network named `name`, and the file to write it in when it is the default one missing there (""
        else): nerdctl's, with nerdctl.toml's bridge_ip (ValueError when that is not an address/prefix)."""
        from shim import cni

        found = self.network(name)
        if found is not None or name != cni.DEFAULT_NETWORK:
            return found, ""
        return (cni.default_conflist(self.bridge_ip),
                os.path.join(self.netconf, f"nerdctl-{cni.DEFAULT_NETWORK}.conflist"))

    def used(self, proto: str) -> set[int]:
        from shim.backends.ctr.network import ports_in

        return ports_in(proto, [self.proc.get(t, "") for t in (proto, proto + "6")])


def store(ctx: Context) -> str:
    """nerdctl's data store on the remote for its containerd socket, as nerdctl (as root) would keep it."""
    from shim import ssh_transport
    from shim.nerdctl_files import DEFAULT_DATA_ROOT

    socket = ctx.address or ssh_transport.DEFAULT_SOCKET
    return os.path.join(DEFAULT_DATA_ROOT, hashlib.sha256(socket.encode()).hexdigest()[:8])


def run_remote(ctx: Context, argv: list[str]) -> tuple[int, bytes]:
    """`argv` run on the remote through the shared connection (each word quoted for its shell), whenever it is
    called (a translation runs before the executor knows the transport); its exit code and output."""
    import shlex

    from shim.backends.ctr.over_ssh import remote_line
    from shim.execute import capture_quietly

    return capture_quietly(remote_line(ctx, shlex.join(argv)), raw=True)


def _run_remote(ctx: Context, argv: list[str]) -> tuple[int, str]:
    code, out = run_remote(ctx, argv)
    return code, out.decode(errors="replace")


def prepare(parsed: Parsed, ctx: Context, endpoint: tuple[str, str], hostname: str, image_config: dict
            ) -> list[str]:
    """ctr's flags for the container `endpoint` (ID, name) on a CNI network of the remote, its state folder's
    files written there, and its hooks kept for lifecycle's spec edit (`hooks_of`)."""
    from shim import cni
    from shim.backends.ctr.network import NETWORKING, flags_for, mode, port_mappings, resolv_text
    from shim.errors import daemon_error
    from shim.run_record import compact_json

    cid, name = endpoint
    network = mode(parsed)
    code, text = _run_remote(ctx, ["sh", "-c", _READ, "sh", ctx.namespace, *cni.PLUGIN_CANDIDATES])
    if code != 0:
        raise DockerError(f"docker: Error response from daemon: cannot read the remote host's CNI set-up "
                          f"(exit status {code}).\nSee 'docker {parsed.path} --help'.", 125)
    remote = Remote(text)
    try:
        conflist, default_file = remote.chosen(network)
    except ValueError:
        raise DockerError(f"docker: Error response from daemon: the remote host's nerdctl.toml has an invalid "
                          f"bridge_ip ({remote.bridge_ip}).\nSee 'docker {parsed.path} --help'.", 125) from None
    if conflist is None:
        raise daemon_error(f"{NETWORKING}network {network} not found", parsed.path, run_like=True)
    held = _published_by_others(ctx)
    ports = port_mappings(parsed, image_config, endpoint,
                          used=lambda proto: remote.used(proto) | held.get(proto, set()))
    state = os.path.join(store(ctx), "containers", ctx.namespace, cid)
    hosts = os.path.join(store(ctx), "etchosts", ctx.namespace, cid, "hosts")
    written, _ = _run_remote(ctx, ["sh", "-c", _WRITE, "sh", state, os.path.dirname(hosts), resolv_text(remote.resolv),
                              hostname, compact_json({"portMappings": ports}) if ports else "", default_file,
                              json.dumps(conflist, indent=2) if default_file else ""])
    if written != 0:
        raise DockerError(f"docker: Error response from daemon: cannot write the container's files in {state} on "
                          f"the remote host.\nSee 'docker {parsed.path} --help'.", 125)
    _HOOKS[cid] = hooks(conflist, f"{ctx.namespace}-{cid}", hosts, (hostname, name), ports, remote.plugins,
                        remote.netconf)
    return flags_for(parsed, ctx.namespace, network, cid, hostname, ports, state, hosts)


def hooks_of(cid: str) -> dict | None:
    """The spec's hooks made for `cid` by `prepare` in this call (None: the local CNI hook's)."""
    return _HOOKS.pop(cid, None)


def hooks(conflist: dict, cni_id: str, hosts: str, names: tuple[str, str], ports: list[dict],
          plugins_dir: str = PLUGINS, netconf: str = NETCONF) -> dict:
    """The spec's createRuntime and poststop hooks: remote_hook.HOOK under the remote's /bin/sh, with the
    container's hostname and name (`names`), its host ports and the rendered plugins."""
    from shim.backends.ctr.network import HOOK_PATH
    from shim.backends.ctr.remote_hook import HOOK

    mappings = [{"hostPort": p["HostPort"], "containerPort": p["ContainerPort"], "protocol": p["Protocol"],
                 "hostIP": p["HostIP"]} for p in ports]
    plugins: list[str] = []
    for plugin in conflist.get("plugins") or []:
        conf = {**plugin, "name": conflist["name"], "cniVersion": conflist.get("cniVersion", "1.0.0")}
        if (plugin.get("capabilities") or {}).get("portMappings"):
            conf["runtimeConfig"] = {"portMappings": mappings}
        plugins += [str(plugin.get("type", "")), json.dumps(conf, separators=(",", ":"))]
    lock = os.path.join(netconf, ".cni-concurrency.lock")  # nerdctl's (cni.Lock)
    claimed = " ".join(f"{p['Protocol']}/{p['HostPort']}/{p['HostIP'] or '0.0.0.0'}" for p in ports)  # noqa: S104
    common = [cni_id, str(conflist["name"]), "eth0", plugins_dir, hosts, *names, lock, claimed]
    return {key: [{"path": "/bin/sh", "args": ["sh", "-c", HOOK, "sh", event, *common, *plugins],
                   "env": [f"PATH={HOOK_PATH}"]}]
            for key, event in (("createRuntime", "createRuntime"), ("poststop", "postStop"))}


def _published_by_others(ctx: Context) -> dict[str, set[int]]:
    """The host ports the namespace's containers hold (their task running, or created and about to): their
    iptables rules answer for them, no socket. A stopped task's are released first (its DEL), as docker has
    released them when the container stopped."""
    from shim.backends.ctr.listing import records
    from shim.backends.ctr.network import PORTS_LABEL, _json_list
    from shim.json_read import json_object

    found, tasks = records(ctx)
    held: dict[str, set[int]] = {}
    for c in found:
        task = tasks.get(c.id)
        if task is None or PORTS_LABEL not in c.labels:
            continue
        if task.status in ("running", "created", "paused", "pausing"):
            for m in _json_list(c.labels[PORTS_LABEL]):
                if isinstance(m, dict):
                    held.setdefault(str(m.get("Protocol", "tcp")), set()).add(int(m.get("HostPort", 0)))
        else:  # a hook without a watcher (an older pydock's) released its network only when asked
            release(ctx, json_object(c.spec), unwatched_only=True)
    return held


def release(ctx: Context, spec: dict, *, unwatched_only: bool = False) -> None:
    """The container's network released on the remote now (docker's stop): its poststop hook run through ssh
    as `exited` (nothing left to do when it ran already, or its watcher did)."""
    from shim.backends.ctr.remote_hook import MARK, WATCHED

    for entry in (spec.get("hooks") or {}).get("poststop") or []:
        args = list(entry.get("args") or [])
        if len(args) > 4 and args[1] == "-c" and args[2].startswith(MARK):
            if unwatched_only and WATCHED in args[2]:
                continue
            env = [str(e) for e in entry.get("env") or []]
            _run_remote(ctx, ["env", "-i", *env, "/bin/sh", "-c", args[2], "sh", "exited", *args[5:]])


def read_remote(ctx: Context, path: str) -> bytes | None:
    """A file of the remote (the CNI result inspect shows), None when it cannot be read."""
    code, out = run_remote(ctx, ["cat", "--", path])
    return out if code == 0 else None


def forget(ctx: Context, cid: str, labels: dict[str, str]) -> None:
    """nerdctl's files of a removed container on the remote (its state folder and hosts file), by their place in
    the remote's store (never by a label's path)."""
    if not labels.get("nerdctl/state-dir"):
        return
    root = store(ctx)
    _run_remote(ctx, ["rm", "-rf", "--", os.path.join(root, "containers", ctx.namespace, cid),
                 os.path.join(root, "etchosts", ctx.namespace, cid)])
