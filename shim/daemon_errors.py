"""Docker Engine's own words for what went wrong, as the docker CLI prints them: shared by every backend,
which only decides *which* of these a failure of its own is (the nerdctl backend: its errors.py).

Clients map these texts to their own exceptions (python-on-whales' NoSuchContainer, NoSuchImage…), so they
are kept to the letter of the reference engines.
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
    """exec, pause, top of a container that is not running: Engine 29's words (20.10: "Container …")."""
    return f"{DAEMON}container {container} is not running"


def with_tag(name: str) -> str:
    """docker names a missing image as it resolved it: `nosuch` → `nosuch:latest`, a full ID → `sha256:ID`;
    a short ID that matches nothing is a name to docker (`abc123` → `abc123:latest`)."""
    if "@" in name or ":" in name.rsplit("/", 1)[-1]:
        return name
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        return "sha256:" + name
    return name + ":latest"


# --- kill: Docker Engine 29's words (20.10 capitalised them: "Cannot kill container", "Container … is not running")
def cannot_kill(name: str, reason: str) -> str:
    return f"{DAEMON}cannot kill container: {name}: {reason}"


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

