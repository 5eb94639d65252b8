"""docker's Config.Healthcheck and State.Health for a container, from what `run` recorded and nerdctl keeps.

docker's Healthcheck lists only the fields that were set (omitempty), the image's HEALTHCHECK merged
under the run flags. nerdctl stores the check with its defaults filled in, and its results newest
first; docker prints them oldest first. A container with a check and no result yet is `starting`.
"""

from __future__ import annotations

from shim.values import Duration

_FIELDS = ("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")  # docker's order
_DURATIONS = frozenset({"Interval", "Timeout", "StartPeriod", "StartInterval"})  # Go's time.Duration


def healthcheck(recorded: dict | None, nerdctl_check: dict | None, image_check: dict | None) -> dict | None:
    """Config.Healthcheck: the image's, overridden field by field by the flags given to `run`."""
    given = (recorded or {}).get("Healthcheck")
    if recorded is None and not image_check:
        given = nerdctl_check  # not made by pydock's run: nerdctl's record is all there is
    merged = {**(image_check or {}), **(given or {})}
    out = {k: merged[k] for k in _FIELDS if merged.get(k)}
    for key in _DURATIONS.intersection(out):
        out[key] = Duration(out[key])  # JSON has nanoseconds; a template prints Go's `30s`, as docker's does
    return out or None


def is_active(check: dict | None) -> bool:
    test = (check or {}).get("Test") or []
    return bool(test) and test[0] != "NONE"


def state_health(check: dict | None, nerdctl_health: dict | None) -> dict | None:
    """State.Health: nerdctl's status and log (oldest first), or `starting` before the first result."""
    if not is_active(check):
        return None
    if not nerdctl_health:
        return {"Status": "starting", "FailingStreak": 0, "Log": []}
    log = [{"Start": e.get("Start", ""), "End": e.get("End", ""), "ExitCode": e.get("ExitCode", 0),
            "Output": e.get("Output", "")} for e in reversed(nerdctl_health.get("Log") or [])]
    return {"Status": nerdctl_health.get("Status") or "starting",
            "FailingStreak": nerdctl_health.get("FailingStreak", 0), "Log": log}
