"""docker's default bridge network, `--network NAME`, `-p` and `-P` of the ctr backend over the ssh transport
(issue #16), on a remote that has containerd, runc, the CNI plugins, /bin/sh, coreutils and iptables, and no
Python (a Kubernetes node).

Locally pydock joins a container to nerdctl's CNI network through OCI hooks that run its Python CNI hook
(shim/cni_hook.py). A remote has no pydock, so its hooks are `/bin/sh -c HOOK` (below): pydock renders, here,
each plugin's configuration of the network found on the remote (nerdctl's files in /etc/cni/net.d, the
default one written there as nerdctl writes it) with the port mappings as runtimeConfig, and gives them to
the hook as arguments. At createRuntime the script reads the container's process ID from the OCI state on its
stdin (sh parameter expansion), runs the plugins in order with CNI_COMMAND=ADD, each given the previous one's
result as prevResult as libcni does, caches the result where libcni (and nerdctl, and pydock's inspect) keep
it, and writes the container's hosts file; a failure undoes the ADD and fails the start in the words
run.py's restate knows. At postStop (and `exited`, which `stop` asks for through ssh: docker releases a stopped
container's address and ports at once) it runs DEL in reverse order with the cached result and removes the
bridge's masquerading chain, which a DEL without the container's namespace leaves (as cni_hook does).

What the local backend reads of this machine is read on the remote in one ssh command (the network files, the
ports the host holds, resolv.conf), and the state folder's files (resolv.conf, hostname, network-config.json,
the hosts file) are written there in another. Host ports asked for are refused when the remote holds them or a
running container of the namespace publishes them (no process holds them on the remote: their iptables rules
do, as docker's with its userland proxy off).
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

NETCONF, PLUGINS = "/etc/cni/net.d", "/opt/cni/bin"  # nerdctl's defaults (the remote has no nerdctl.toml)
MARK = "# pydock's CNI hook"  # its first line: how stop and rm find it among a spec's hooks
# $1 event, $2 CNI container ID, $3 network, $4 interface, $5 plugin folders, $6 hosts file, $7 its names for the
# container, $8 lock file; then a plugin type and its configuration (compact JSON) for each plugin, in order
HOOK = MARK + r"""
e=$1 id=$2 net=$3 ifn=$4 dirs=$5 hosts=$6 names=$7 lock=$8
shift 8
s=$(cat)
cache=/var/lib/cni/results/$net-$id-$ifn
export CNI_CONTAINERID="$id" CNI_IFNAME="$ifn" CNI_PATH="$dirs" CNI_ARGS=IgnoreUnknown=1
fail() { printf '%s\n' "pydock: failed to set up the container's network: $1" >&2; exit 1; }
plugin() {
  o=$IFS; IFS=:
  for d in $dirs; do if [ -x "$d/$1" ]; then IFS=$o; printf '%s' "$d/$1"; return 0; fi; done
  IFS=$o; return 1
}
call() {
  p=$(plugin "$2") || { m="failed to find plugin \"$2\" in path [$dirs]"; return 1; }
  c=$3
  if [ -n "$r" ]; then c=${c%?}; c="$c,\"prevResult\":$r}"; fi
  if o=$(printf '%s' "$c" | CNI_COMMAND=$1 CNI_NETNS=$4 "$p" 2>&1); then
    if [ "$1" = ADD ] && [ -n "$o" ]; then r=$o; fi
    return 0
  fi
  f=$(printf '%s' "$o" | tr '\n\t' '  ')
  case $f in *'"msg": "'*)
    x=${f#*'"msg": "'}; x=${x%%'"'*}
    case $f in *'"details": "'*) y=${f#*'"details": "'}; x="$x: ${y%%'"'*}";; esac
    f=$x;;
  esac
  m="plugin type='$2' failed ($(printf '%s' "$1" | tr A-Z a-z)): $f"
  return 1
}
add() {
  while [ $# -ge 2 ]; do call ADD "$1" "$2" "/proc/$pid/ns/net" || return 1; shift 2; done
}
del() {
  n=$#
  for a do set -- "$a" "$@"; done
  while [ "$n" -gt 0 ]; do
    call DEL "$2" "$1" "" || printf '%s\n' "pydock: CNI teardown of $net: $m" >&2
    shift 2; n=$((n - 2))
  done
}
cached() {
  r=
  if [ -f "$cache" ]; then r=$(cat "$cache"); r=${r#*'"result":'}; r=${r%?}; fi
}
unmasq() {
  h=$(printf '%s' "$net$id" | sha512sum); ch=CNI-$(printf '%.24s' "$h")
  iptables -w -t nat -L POSTROUTING -n --line-numbers 2>/dev/null | while read -r num tgt rest; do
    [ "$tgt" = "$ch" ] && printf '%s\n' "$num"; done | sort -rn | while read -r num; do
    iptables -w -t nat -D POSTROUTING "$num"; done
  iptables -w -t nat -F "$ch" 2>/dev/null; iptables -w -t nat -X "$ch" 2>/dev/null
  return 0
}
hostsfile() {
  a=$(printf '%s' "$r" | tr -d ' \n\t'); a=${a#*'"address":"'}; a=${a%%/*}
  case $a in ''|*[!0-9.]*) a=;; esac
  {
    printf '# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n'
    if [ -n "$a" ]; then printf '%-15s %s\n' "$a" "$names"; fi
    printf '# </nerdctl>\n'
  } >"$hosts"
}
mkdir -p /var/lib/cni/results "${lock%/*}"
exec 9>>"$lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
case $e in
createRuntime)
  pid=${s#*'"pid":'}; pid=${pid%%[!0-9]*}
  [ -n "$pid" ] || fail "no process ID in the container's state"
  if [ -f "$cache" ]; then cached; del "$@"; rm -f "$cache"; unmasq; fi
  r=
  if ! add "$@"; then w=$m; r=; del "$@" 2>/dev/null; unmasq; fail "$w"; fi
  printf '{"kind":"cniCacheV1","containerId":"%s","ifName":"%s","networkName":"%s","config":"","result":%s}' \
    "$id" "$ifn" "$net" "$r" >"$cache.tmp" && mv -f "$cache.tmp" "$cache" || fail "cannot write $cache"
  [ -z "$hosts" ] || hostsfile;;
postStop|exited)
  [ -f "$cache" ] || exit 0
  cached; del "$@"; rm -f "$cache"; unmasq;;
*) printf '%s\n' "pydock: unexpected event $e" >&2; exit 1;;
esac
exit 0
"""
# One ssh command reads what run needs of the remote: $1 the namespace, then nerdctl's candidate folders for the
# plugins (the first there is theirs); each part after a marker line
_READ = r"""d=/etc/cni/net.d; n=$1; shift
for p do if [ -d "$p" ]; then printf '\n--pydock-plugins %s\n' "$p"; break; fi; done
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
    conflist, default_file = remote.network(network), ""
    if conflist is None and network == cni.DEFAULT_NETWORK:  # written as nerdctl writes it when missing
        conflist = cni.default_conflist()
        default_file = os.path.join(NETCONF, f"nerdctl-{cni.DEFAULT_NETWORK}.conflist")
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
    names = [n for n in dict.fromkeys((hostname, name)) if n]
    if network != cni.DEFAULT_NETWORK:  # nerdctl's aliases on a network of the user's (cni_hook._update_hosts)
        names = [x for n in names for x in (n, f"{n}.{network}")]
    _HOOKS[cid] = hooks(conflist, f"{ctx.namespace}-{cid}", hosts, " ".join(names), ports, remote.plugins)
    return flags_for(parsed, ctx.namespace, network, cid, hostname, ports, state, hosts)


def hooks_of(cid: str) -> dict | None:
    """The spec's hooks made for `cid` by `prepare` in this call (None: the local CNI hook's)."""
    return _HOOKS.pop(cid, None)


def hooks(conflist: dict, cni_id: str, hosts: str, names: str, ports: list[dict], plugins_dir: str = PLUGINS
          ) -> dict:
    """The spec's createRuntime and poststop hooks: HOOK under the remote's /bin/sh, with the rendered plugins."""
    from shim.backends.ctr.network import HOOK_PATH

    mappings = [{"hostPort": p["HostPort"], "containerPort": p["ContainerPort"], "protocol": p["Protocol"],
                 "hostIP": p["HostIP"]} for p in ports]
    plugins: list[str] = []
    for plugin in conflist.get("plugins") or []:
        conf = {**plugin, "name": conflist["name"], "cniVersion": conflist.get("cniVersion", "1.0.0")}
        if (plugin.get("capabilities") or {}).get("portMappings"):
            conf["runtimeConfig"] = {"portMappings": mappings}
        plugins += [str(plugin.get("type", "")), json.dumps(conf, separators=(",", ":"))]
    lock = os.path.join(NETCONF, ".cni-concurrency.lock")  # nerdctl's (cni.Lock)
    common = [cni_id, str(conflist["name"]), "eth0", plugins_dir, hosts, names, lock]
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
        else:
            release(ctx, json_object(c.spec))
    return held


def release(ctx: Context, spec: dict) -> None:
    """The container's network released on the remote now (docker's stop): its poststop hook run through ssh
    as `exited` (nothing left to do when it ran already)."""
    for entry in (spec.get("hooks") or {}).get("poststop") or []:
        args = list(entry.get("args") or [])
        if len(args) > 4 and args[1] == "-c" and args[2].startswith(MARK):
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
