"""Keeps a container's health status current, as Docker's daemon does, where nerdctl cannot.

nerdctl runs a container's health check only when asked (`nerdctl container healthcheck`); it
schedules the runs with a systemd timer, and without systemd (this stack has none) nothing runs them
and the status stays `starting` forever. pydock's `run -d` with a health check starts this keeper in
the background: every interval it asks nerdctl to run the check, which records the result, the
failing streak and the log where inspect reads them. Like Docker's monitor, it waits one interval
before the first run, skips runs while the container is stopped (a `start` later resumes the checks),
and ends when the container is gone. `create` with a health check starts it too, and it waits for the
container's `start`.

Run as `python -m shim.backends.nerdctl.health_keeper SECONDS CONTAINER -- NERDCTL-ARGV...`: the check is
NERDCTL-ARGV with `{cid}` the container's ID; CONTAINER is the ID, or `@PATH` of the cidfile an attached `run`
is about to write (the keeper starts first and reads it as soon as it appears). Over the ssh transport the keeper
runs here all the same and the executor hands it NERDCTL-ARGV as the ssh command that runs the check on the remote
(shim/execute.py, `_chain_argv`): nerdctl records the result on the remote, where inspect and ps read it.
"""

from __future__ import annotations

import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed
    from shim.plan import Done, Plan

DEFAULT_INTERVAL = 30.0  # docker's defaultProbeInterval
# nerdctl's answers that end the keeper: the container is gone, or it has no check to run
_GONE = ("no such container", "no health check configured")


def interval_seconds(parsed: Parsed) -> float:
    interval = parsed.get("health-interval")  # a values.Duration, parsed once
    return interval.seconds() if interval and interval > 0 else DEFAULT_INTERVAL  # type: ignore[union-attr, operator]


def wants_keeper(parsed: Parsed) -> bool:
    """A health check was set on the command line (an image's HEALTHCHECK nerdctl does not run at all)."""
    return bool(parsed.get("health-cmd")) and parsed.get("no-healthcheck") is not True


def keeper_argv(seconds: float, prefix: list[str], container: str) -> list[str]:
    return [sys.executable, "-m", "shim.backends.nerdctl.health_keeper", repr(seconds), container, "--", *prefix,
            "container", "healthcheck", "{cid}"]


def then_keep(seconds: float, prefix: list[str], cid: str, done: Done) -> Plan:
    """A background plan that starts the keeper for cid, then ends with done."""
    from shim.plan import DETACH, Plan

    return Plan([], DETACH, chain=(keeper_argv(seconds, prefix, cid),), then=lambda _r: done)


def keep_first(parsed: Parsed, prefix: list[str], container: str, run: Plan) -> Plan:
    """A background plan that starts the keeper for `container` (`@CIDFILE`: waiting for the ID file an attached
    `run` is about to write; over ssh, the name it is about to take), then runs the attached `run`."""
    from shim.plan import DETACH, Plan

    return Plan([], DETACH, chain=(keeper_argv(interval_seconds(parsed), prefix, container),),
                then=lambda _r: run, later=tuple(run.commands()))


def _container(given: str, timeout: float = 60.0) -> str:
    if not given.startswith("@"):
        return given
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(given[1:], encoding="ascii") as f:
                cid = f.read().strip()
        except OSError:
            cid = ""
        if cid:
            return cid
        time.sleep(0.05)
    return ""


def keep(seconds: float, container: str, check: list[str], settle: float = 60.0) -> None:
    """Run the check every `seconds` until the container is gone. A container named but not there yet (an
    attached `run` over ssh, about to create it) is waited for up to `settle` seconds."""
    import subprocess

    cid = _container(container)
    waiting_until = time.monotonic() + settle if cid == container else 0.0
    while cid:
        time.sleep(seconds)
        done = subprocess.run([a.replace("{cid}", cid) for a in check], capture_output=True, text=True, check=False)
        gone = done.returncode != 0 and any(m in done.stderr for m in _GONE)
        if gone and time.monotonic() >= waiting_until:
            return
        if not gone:
            waiting_until = 0.0  # it is there: from now on its absence ends the keeper


if __name__ == "__main__":
    keep(float(sys.argv[1]), sys.argv[2], sys.argv[4:])  # sys.argv[3] is "--"
