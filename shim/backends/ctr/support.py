"""How the ctr backend handles docker's commands and flags. Data only.

ctr is containerd's own debugging client: it has images, containers and tasks, and nothing of docker's
conveniences (no logs, no names, no CNI networks of nerdctl's, no volumes). So this table lists what the
backend does; every other flag of a verb it translates is refused (REFUSE) naming the backend, and every
command it does not translate is refused whole (LACKING), never run half-understood.
"""

from __future__ import annotations

from shim.backends.handling import EMULATE, NOOP, OWN, REFUSE

NOT_YET = "not translated for ctr yet (pydock's nerdctl backend has it)"
GLOBAL: dict[str, tuple[str, str]] = {
    "config": (EMULATE, "registry credentials are read from its config.json and handed to ctr in a private hosts.toml (--hosts-dir)"),
    "context": (EMULATE, 'only the "default" context exists: the local containerd'),
    "debug": (EMULATE, "becomes ctr --debug"),
    "host": (EMULATE, "unix:///path/containerd.sock becomes ctr --address; ssh://[user@]host[:port] runs ctr on that "
                      "host, containerd's socket there forwarded by the ssh connection (docs/ctr.md)"),
    "log-level": (EMULATE, '"debug" turns on ctr --debug; the other levels are checked and accepted'),
    "version": (EMULATE, "pydock prints docker's one-line version format with its own version"),
    "dry-run": (OWN, "pydock's own option"),
    "backend": (OWN, "pydock's own option"),
    "namespace": (OWN, "pydock's own option; becomes ctr --namespace"),
    **{name: (REFUSE, "there is no remote daemon to reach over TLS")
       for name in ("tls", "tlscacert", "tlscert", "tlskey", "tlsverify")},
}

# command → flags the backend implements, each with how
FLAGS: dict[str, dict[str, tuple[str, str]]] = {
    "images": {
        "all": (NOOP, "containerd keeps no intermediate images"),
        "digests": (EMULATE, "the digest each name points to"),
        "filter": (EMULATE, "docker's filters, applied by pydock"),
        "format": (EMULATE, "docker's templates, rendered by pydock"),
        "no-trunc": (EMULATE, "full IDs"),
        "quiet": (EMULATE, "IDs only"),
    },
    "pull": {
        "quiet": (EMULATE, "prints only the full reference"),
        "disable-content-trust": (NOOP, "content trust is off by default in docker too"),
        "platform": (EMULATE, "becomes ctr images pull --platform"),
    },
    "tag": {},
    "rmi": {"force": (EMULATE, "removes the name even when a container uses the image")},
    "push": {
        "disable-content-trust": (NOOP, "content trust is off by default in docker too"),
        "platform": (EMULATE, "becomes ctr images push --platform"),
    },
    "save": {"output": (EMULATE, "ctr images export writes the file (or stdout)")},
    "load": {
        "input": (EMULATE, "ctr images import reads the file (or stdin)"),
        "quiet": (EMULATE, "prints only the Loaded image lines"),
    },
    "run": {
        "name": (EMULATE, "kept in nerdctl's label nerdctl/name; a docker-style random name when none is given"),
        "detach": (EMULATE, "ctr run --detach; the output goes to docker's json-file log in nerdctl's layout, "
                   "written by pydock's logger (containerd's binary:// log URI)"),
        "rm": (EMULATE, "ctr run --rm; with -d a waiter in the background removes the container when it ends"),
        "env": (EMULATE, "ctr run --env; a bare NAME takes its value here, as docker's client does"),
        "env-file": (EMULATE, "read by pydock as docker's client reads it, then ctr run --env"),
        "volume": (EMULATE, "a bind of a host path (/host:/path[:ro]) becomes ctr run --mount; ctr has no volumes"),
        "workdir": (EMULATE, "ctr run --cwd"),
        "user": (EMULATE, "ctr run --user"),
        "entrypoint": (EMULATE, "the process is composed from the image's config as docker composes it"),
        "hostname": (EMULATE, "ctr run --hostname (by default the short ID, as docker's)"),
        "label": (EMULATE, "ctr run --label"),
        "network": (EMULATE, "bridge (the default: nerdctl's CNI network, set up by pydock's OCI hook running the CNI "
                    "plugins), another CNI network by name, none (a namespace with loopback only) or host (--net-host)"),
        "publish": (EMULATE, "the CNI portmap plugin, run by pydock's OCI hook; the mappings kept where nerdctl keeps "
                    "them (network-config.json, nerdctl/ports)"),
        "publish-all": (EMULATE, "the image's exposed ports each published on a free host port (nerdctl's range), "
                        "through the CNI portmap plugin"),
        "interactive": (EMULATE, "pydock relays its stdin, ending it once the task exists; without -i an empty one"),
        "tty": (EMULATE, "ctr run --tty"),
        "disable-content-trust": (NOOP, "content trust is off by default in docker too"),
        "privileged": (EMULATE, "ctr run --privileged"),
        "read-only": (EMULATE, "ctr run --read-only"),
        "cap-add": (EMULATE, "ctr run --cap-add CAP_NAME (not ALL)"),
        "cap-drop": (EMULATE, "ctr run --cap-drop CAP_NAME (not ALL)"),
        "memory": (EMULATE, "ctr run --memory-limit, in bytes"),
        "cpus": (EMULATE, "ctr run --cpus (the CFS quota)"),
        "mount": (EMULATE, "type=bind and type=tmpfs become ctr run --mount with docker's options; ctr has no volumes"),
        "tmpfs": (EMULATE, "ctr run --mount type=tmpfs with docker's defaults (nosuid, nodev, noexec) under the options given"),
        "init": (EMULATE, "docker-init (Docker's static tini, found on PATH) bound at /sbin/docker-init and run in front of the process"),
        "ulimit": (EMULATE, "nofile alone becomes ctr run --rlimit-nofile; the others are written into the container's spec between ctr containers create and ctr tasks start"),
        "pids-limit": (EMULATE, "written into the container's spec (linux.resources.pids) between ctr containers create and ctr tasks start: ctr has no flag for it"),
    },
    "start": {
        "attach": (EMULATE, "ctr tasks start in front: the process's output and exit code (one container, not a running one)"),
        "interactive": (EMULATE, "pydock relays its stdin to ctr tasks start, ending it once the task exists"),
    },
    "pause": {},
    "unpause": {},
    "port": {},
    "container port": {},
    "inspect": {
        "format": (EMULATE, "docker's templates, rendered by pydock on docker's shape of containerd's records"),
        "type": (EMULATE, "container or image (ctr has no other objects)"),
    },
    "info": {"format": (EMULATE, "docker's templates, rendered by pydock on containerd's facts and this machine's")},
    "container inspect": {"format": (EMULATE, "docker's templates, rendered by pydock on docker's shape of containerd's records")},
    "image inspect": {"format": (EMULATE, "docker's templates, rendered by pydock on docker's shape of containerd's records")},
    "stop": {
        "signal": (EMULATE, "ctr tasks kill --signal, then SIGKILL after the timeout"),
        "timeout": (EMULATE, "pydock waits for the task to end, asking containerd"),
        "time": (EMULATE, "pydock waits for the task to end, asking containerd"),
    },
    "rm": {"force": (EMULATE, "ctr tasks delete --force first")},
    "kill": {"signal": (EMULATE, "read as the daemon reads it, then ctr tasks kill --signal")},
    "exec": {
        "detach": (EMULATE, "ctr tasks exec --detach"),
        "interactive": (EMULATE, "pydock's stdin reaches the process"),
        "tty": (EMULATE, "ctr tasks exec --tty"),
        "user": (EMULATE, "ctr tasks exec --user"),
        "workdir": (EMULATE, "ctr tasks exec --cwd"),
        "env": (EMULATE, "ctr's exec cannot set an environment: pydock asks containerd (Tasks/Exec) itself; not with -t, -i or -u"),
        "env-file": (EMULATE, "read by pydock as docker's client reads it, then as -e"),
    },
    "logs": {
        "follow": (EMULATE, "pydock follows the json-file log until the container's logger has written its last line"),
        "tail": (EMULATE, "the last N entries of the json-file log"),
        "timestamps": (EMULATE, "each entry's time, from the json-file log pydock's logger writes"),
        "since": (EMULATE, "entries from that time on, read from the json-file log"),
        "until": (EMULATE, "entries until that time, read from the json-file log"),
        "details": (EMULATE, "the entry's attributes (none: ctr takes no --log-opt) and a space"),
    },
    "version": {"format": (EMULATE, "docker's templates, rendered by pydock, on ctr version's facts")},
    "ps": {
        "all": (EMULATE, "stopped containers too"),
        "filter": (EMULATE, "docker's filters, applied by pydock"),
        "format": (EMULATE, "docker's templates, rendered by pydock"),
        "last": (EMULATE, "the last N created"),
        "latest": (EMULATE, "the last created"),
        "no-trunc": (EMULATE, "full IDs and commands"),
        "quiet": (EMULATE, "IDs only"),
    },
}


# create takes run's flags but those of running it
FLAGS["create"] = {
    **{k: v for k, v in FLAGS["run"].items() if k not in ("detach", "rm")},
    "ulimit": (EMULATE, "written into the container's spec after ctr containers create (which has no --rlimit-nofile)"),
    "cpus": (EMULATE, "ctr containers create --cpu-quota and --cpu-period (the CFS quota, as ctr run --cpus sets it)"),
    "interactive": (EMULATE, "start -a -i relays pydock's stdin"),
}


def handling(command: str, flag: str) -> tuple[str, str]:
    """How docker's `--flag` of `command` ("" for docker's global flags) is handled, and why."""
    if not command:
        return GLOBAL.get(flag, (REFUSE, NOT_YET))
    table = FLAGS.get(command) or FLAGS.get(same_command(command))
    if table is None:
        return (REFUSE, lacking(command) or NOT_YET)
    return table.get(flag, (REFUSE, NOT_YET))


# Why ctr cannot do what docker's command does ("" where the backend translates it).
WHY_LACKING = {
    "build": "ctr cannot build images (BuildKit is driven by nerdctl or buildctl)",
    "compose": "ctr has no compose",
    "network": "ctr has no networks of its own (CNI is set up by nerdctl)",
    "volume": "ctr has no volumes",
    "login": "ctr keeps no credentials; put them in $DOCKER_CONFIG/config.json",
    "logout": "ctr keeps no credentials",
    "swarm": "containerd has no swarm mode",
}


def lacking(path: str) -> str:
    """Why the backend has no such command ("" where it translates it, in any of docker's forms)."""
    if path in FLAGS or same_command(path) in FLAGS:
        return ""
    first = path.split(" ", maxsplit=1)[0]
    return WHY_LACKING.get(path) or WHY_LACKING.get(first) or NOT_YET


def same_command(path: str) -> str:
    """The form of `path` this table names when docker's two forms are one command (`container create` is
    `create`), else ""."""
    from shim.spec.others import PATHS

    where = PATHS.get(path)
    if where is None or path == where[1]:
        return ""
    return where[1] if PATHS.get(where[1]) == where else ""
