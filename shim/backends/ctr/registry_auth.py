"""How ctr reaches a registry as docker does: localhost registries over plain HTTP, and the credentials of
docker's config.json (`auths`, as `docker login` writes them).

ctr takes a password only on its command line (`--user USER:PASSWORD`, where `ps` shows it to every user of the
host) or from a terminal. pydock gives it none of those: it writes containerd's registry host configuration
(`hosts.toml`, with the credentials as the registry's Authorization header) into a private folder of this call
(0700, the file 0600), names it with `--hosts-dir`, and removes it when the command is done. The header is sent as
it is, so registries that take basic authentication work; those that demand a token exchange (Docker Hub) answer
that access is denied.

Over the ssh transport (a remote with ctr only, issue #16) the remote's ctr needs the folder on the remote: the
hosts.toml goes on the command's stdin through ssh (a pipe: never on a command line, in an environment, on this
machine's disk or in output), and a POSIX sh wrapper (`_REMOTE`) writes it into a new private folder (0700, the
file 0600) on a tmpfs there (/dev/shm, else $XDG_RUNTIME_DIR: shim/remote_tmpfs.py, as build's secrets), runs ctr
with `--hosts-dir` naming it, and removes it when ctr ends, however it ends (Ctrl-C: ssh's end closes ctr's output,
which ends it; only a SIGKILL of the remote shell leaves it, until the remote reboots).
"""

from __future__ import annotations

import os

from shim import reference
from shim.remote_tmpfs import private_tmpfs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.plan import Plan

_HUB_KEYS = ("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io")
HUB_SERVER = "https://registry-1.docker.io"
_BASE64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_PENDING: dict[str, tuple[str, str]] = {}  # hosts folder → (registry host, hosts.toml): written before the command
# $1: the folder's random part, $2: the registry host; then ctr's argv, whose --hosts-dir= names the folder
_REMOTE = ('t=$1; h=$2; shift 2; s=; ' + private_tmpfs("the registry's credentials") +
           'trap \'rm -rf "$s"\' EXIT; trap \'kill "$p" 2>/dev/null; exit 130\' HUP INT TERM; p=; '
           'mkdir -m 700 "$s/$h" && (umask 077; cat >"$s/$h/hosts.toml") || exit 125; '
           'for a do shift; case $a in --hosts-dir=*) a="--hosts-dir=$s";; esac; set -- "$@" "$a"; done; '
           '"$@" & p=$!; wait "$p"')


def registry_flags(ref: str, config_dir: str, scratch: str) -> list[str]:
    """ctr pull/push flags for the registry of this (normalised) reference; credentials go into a hosts folder
    under `scratch` (this call's private prefix), written when the command runs (`with_hosts`)."""
    host = reference.split(ref)[0]
    plain = reference.is_local_registry(host)
    flags = ["--plain-http"] if plain else []
    auth = _auth(host, config_dir)
    if auth:
        folder = scratch + "-hosts"
        _PENDING[folder] = (host, hosts_toml(host, auth, plain))
        flags.append(f"--hosts-dir={folder}")
    return flags


def hosts_toml(host: str, auth: str, plain: bool) -> str:
    """containerd's host configuration for one registry, its requests carrying `Basic auth`."""
    server = HUB_SERVER if host == reference.DEFAULT_DOMAIN else f"{'http' if plain else 'https'}://{host}"
    return (f'server = "{server}"\n\n[host."{server}"]\n  capabilities = ["pull", "resolve", "push"]\n'
            f'  [host."{server}".header]\n    Authorization = "Basic {auth}"\n')


def with_hosts(plan: Plan) -> Plan:
    """The plan, preceded by writing the hosts folder its command names (and followed by its removal); the plan
    itself when it names none."""
    folder = next((a.removeprefix("--hosts-dir=") for a in plan.argv if a.startswith("--hosts-dir=")), "")
    if folder not in _PENDING:
        return plan
    from shim.plan import PREPARE, Plan

    def write(_r: object) -> Plan:
        host, text = _PENDING[folder]
        os.mkdir(folder, 0o700)
        os.mkdir(os.path.join(folder, host), 0o700)  # containerd looks for <folder>/<host[:port]>/hosts.toml
        fd = os.open(os.path.join(folder, host, "hosts.toml"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return plan

    plan.cleanup = (*plan.cleanup, folder)
    return Plan([], PREPARE, then=write, later=(plan.argv,), cleanup=(folder,))


def on_remote(plan: Plan) -> Plan:
    """Over the ssh transport: the plan's ctr command run by `_REMOTE` on the remote, the hosts.toml fed on its
    stdin; the plan itself when it names no hosts folder of pydock's."""
    folder = next((a.removeprefix("--hosts-dir=") for a in plan.argv if a.startswith("--hosts-dir=")), "")
    if folder not in _PENDING:
        return plan
    from shim.plan import FEED

    host, text = _PENDING.pop(folder)
    plan.argv = ["sh", "-c", _REMOTE, "sh", os.urandom(8).hex(), host, *plan.argv]
    plan.stdin, plan.feed = FEED, text.encode()
    return plan


def _auth(host: str, config_dir: str) -> str:
    """config.json's `auth` (base64 of user:password) for the registry, "" when there is none."""
    import json

    folder = config_dir or os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            auths = json.load(f).get("auths") or {}
    except (OSError, ValueError, AttributeError):
        return ""
    keys = _HUB_KEYS if host == reference.DEFAULT_DOMAIN else (host, f"https://{host}", f"http://{host}")
    for key in keys:
        entry = auths.get(key) or {}
        auth = entry.get("auth") if isinstance(entry, dict) else None
        if isinstance(auth, str) and auth and set(auth) <= _BASE64:  # nothing but base64 reaches the file
            return auth
    return ""
