"""Docker Engine's own words for what went wrong, as the docker CLI prints them: shared by every backend,
which only decides *which* of these a failure of its own is (the nerdctl backend: its errors.py).

Clients map these texts to their own exceptions (python-on-whales' NoSuchContainer, NoSuchImage…), so they
are kept to the letter of the reference engine, Docker Engine 29 (issue #11): where Engine 20.10 words an
error otherwise (`Container … is not running`, `Cannot kill container`, `Invalid filter`), Engine 29 wins.
"""

from __future__ import annotations

DAEMON = "Error response from daemon: "


def daemon(message: str) -> str:
    return DAEMON + message


def cannot_connect(socket: str) -> str:
    """The daemon does not answer: docker's wording, which scripts look for, with the socket really tried."""
    return f"Cannot connect to the Docker daemon at unix://{socket}. Is the docker daemon running?"


def no_such_container(name: str) -> str:
    return f"{DAEMON}No such container: {name}"


def no_such_image(name: str) -> str:
    """An image that is not there, named as the engine resolved the name (with_tag)."""
    return f"{DAEMON}No such image: {with_tag(name)}"


def not_running(container: str) -> str:
    return f"{DAEMON}container {container} is not running"


def invalid_escape_keys(keys: str) -> str:
    """exec's `--detach-keys` (or config.json's detachKeys) the engine cannot parse."""
    return f"{DAEMON}Invalid escape keys ({keys}) provided"


def not_paused(container: str) -> str:
    return f"{DAEMON}Container {container} is not paused"  # Engine 29 keeps this one capitalised


def cannot_kill(name: str, why: str) -> str:
    """`kill` of a missing or stopped container: `why` is the daemon's reason, without its prefix."""
    return f"{DAEMON}cannot kill container: {name}: {why.removeprefix(DAEMON)}"


def still_running(name: str) -> str:
    """`rm` without -f of a running container, named as the user typed it."""
    return (f'{DAEMON}cannot remove container "{name}": container is running: stop the container before '
            "removing or force remove")


def invalid_filter(what: str, why: str = "") -> str:
    """A filter the daemon refuses: `what` is the key, or `key=value` as it quotes it; `why` its reason."""
    return f"{DAEMON}invalid filter '{what}'" + (f": {why}" if why else "")


def invalid_restart_policy(policy: str) -> str:
    return (f"{DAEMON}invalid restart policy: unknown policy '{policy}'; use one of 'no', 'always', "
            "'on-failure', or 'unless-stopped'")


def with_tag(name: str) -> str:
    """docker names a missing image as it resolved it: `nosuch` → `nosuch:latest`, a full ID → `sha256:ID`;
    a short ID that matches nothing is a name to docker (`abc123` → `abc123:latest`)."""
    if "@" in name or ":" in name.rsplit("/", 1)[-1]:
        return name
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        return "sha256:" + name
    return name + ":latest"


# --- kill -s: the signal as the daemon reads it
def kill_signal(raw: str) -> tuple[int, str]:
    """The signal `kill -s RAW` sends as the daemon reads it (moby's ParseSignal, then the platform's check):
    (number, "") or (0, docker's reason). "" is the default, SIGKILL."""
    import signal

    if raw == "":
        return int(signal.SIGKILL), ""
    if raw.lstrip("+-").isdigit():
        number = int(raw)
        if number == 0:
            return 0, f"invalid signal: {raw}"
    else:
        number = _signal_names().get(raw.upper().removeprefix("SIG"), 0)
        if not number:
            return 0, f"invalid signal: {raw}"
    if not (1 <= number <= 31 or 34 <= number <= 64):  # Linux's signals: 1-31 and the real-time 34-64
        return 0, f"the linux daemon does not support signal {number}"
    return number, ""


def _signal_names() -> dict[str, int]:
    """moby's signal map for Linux, by name without SIG (built on use: the hot path does not load `signal`)."""
    import signal

    names = {s.name.removeprefix("SIG"): int(s) for s in signal.Signals if not s.name.startswith("SIG_")}
    names.update({f"RTMIN+{n}": 34 + n for n in range(1, 16)}, **{f"RTMAX-{n}": 64 - n for n in range(1, 15)})
    names.update(RTMIN=34, RTMAX=64, IOT=6, CLD=17, POLL=29)  # moby's aliases
    return names



# What Docker Engine answers for swarm objects (and cluster volumes) on a node outside a swarm, as pydock's
# host always is.
NOT_A_SWARM_MANAGER = ('Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or '
                       '"docker swarm join" to connect this node to swarm and try again.')
