"""Run a nerdctl network's CNI plugin chain on a running container's network namespace, as nerdctl's own OCI
hook does when the container starts (libcni's conflist semantics: ADD in order, each plugin given the
previous one's result; DEL in reverse order). pydock's `network connect` / `disconnect` run this as a child
process (the execute layer runs it like any backend command; translation stays pure):

    python -m shim.backends.nerdctl.cni_exec ADD|DEL CONFLIST CONTAINER_ID NETNS IFNAME

CONTAINER_ID is what nerdctl gives CNI (`<namespace>-<container id>`), so that host-local's address
records and libcni's result cache are the ones nerdctl's own teardown finds. Prints the chain's result
(ADD); on a plugin's failure, prints its message to stderr and exits 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CACHE = Path("/var/lib/cni/results")  # libcni's result cache, which nerdctl's DEL reads back


def plugin_dirs() -> list[str]:
    """Where nerdctl looks for CNI plugins: $CNI_PATH, else nerdctl.toml's cni_path, else /opt/cni/bin."""
    if os.environ.get("CNI_PATH"):
        return os.environ["CNI_PATH"].split(":")
    toml = Path(os.environ.get("NERDCTL_TOML", "/etc/nerdctl/nerdctl.toml"))
    try:
        import tomllib

        found = tomllib.loads(toml.read_text()).get("cni_path")
    except (OSError, ValueError):
        found = None
    return [found] if isinstance(found, str) and found else ["/opt/cni/bin"]


def _plugin(kind: str, dirs: list[str]) -> str:
    for folder in dirs:
        path = os.path.join(folder, kind)
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError(f'failed to find plugin "{kind}" in path {dirs}')


def _invoke(command: str, conf: dict, env: dict[str, str], dirs: list[str]) -> dict:
    proc = subprocess.run([_plugin(conf["type"], dirs)], input=json.dumps(conf).encode(), env=env,
                          capture_output=True, check=False)
    out = proc.stdout.decode(errors="replace").strip()
    if proc.returncode != 0:
        try:
            problem = json.loads(out)
            message = problem.get("msg", out) + (f": {problem['details']}" if problem.get("details") else "")
        except ValueError:
            message = out or proc.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"plugin type={conf['type']!r} failed ({command.lower()}): {message}")
    return json.loads(out) if out and command == "ADD" else {}


def run_chain(command: str, conflist: dict, container: str, netns: str, ifname: str) -> dict:
    dirs = plugin_dirs()
    env = {**os.environ, "CNI_COMMAND": command, "CNI_CONTAINERID": container, "CNI_NETNS": netns,
           "CNI_IFNAME": ifname, "CNI_PATH": ":".join(dirs), "CNI_ARGS": "IgnoreUnknown=1"}
    cache = CACHE / f"{conflist['name']}-{container}-{ifname}"
    plugins = conflist.get("plugins") or []
    result: dict = {}
    if command == "DEL":
        try:
            result = json.loads(cache.read_text()).get("result") or {}
        except (OSError, ValueError):
            result = {}
        plugins = list(reversed(plugins))
    for plugin in plugins:
        conf = {**plugin, "name": conflist["name"], "cniVersion": conflist.get("cniVersion", "1.0.0")}
        if result:
            conf["prevResult"] = result
        got = _invoke(command, conf, env, dirs)
        if command == "ADD":
            result = got or result
    if command == "ADD":
        CACHE.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"kind": "cniCacheV1", "containerId": container, "ifName": ifname,
                                     "networkName": conflist["name"], "config": "", "result": result}))
        return result
    cache.unlink(missing_ok=True)
    return {}


def main(argv: list[str]) -> int:
    if len(argv) != 5 or argv[0] not in ("ADD", "DEL"):
        print("usage: cni_exec ADD|DEL CONFLIST CONTAINER_ID NETNS IFNAME", file=sys.stderr)
        return 2
    command, conflist_path, container, netns, ifname = argv
    try:
        conflist = json.loads(Path(conflist_path).read_text())
        result = run_chain(command, conflist, container, netns, ifname)
    except (OSError, ValueError, RuntimeError) as e:
        print(e, file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
