"""What docker's `inspect` shows of a `run` as the user gave it, and containerd does not keep that way.

Most of HostConfig is read back from the container's OCI spec and nerdctl's labels. A few values are
not: docker prints `--security-opt`, `--group-add`, `--tmpfs` and `--sysctl` as typed (nerdctl adds its
own defaults to each), keeps `--cpus` as NanoCpus (nerdctl turns it into a quota), shows `Init: false` for
`--init=false`, and shows a health check with only the fields that were set (nerdctl fills in
its defaults). `run` records those in one label, as JSON keyed by docker's inspect field names; only
the flags given are recorded, so a plain `run` carries no label and imports no json.
"""

from __future__ import annotations

from shim import values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed

INSPECT_LABEL = "pydock/inspect"

# docker flag → (inspect key, how the value is kept)
_AS_GIVEN = (("security-opt", "SecurityOpt"), ("group-add", "GroupAdd"), ("ipc", "IpcMode"),
             ("stop-signal", "StopSignal"), ("mac-address", "MacAddress"))
# --health-* flag → Config.Healthcheck field (nanoseconds, as Go's time.Duration marshals)
_HEALTH_DURATIONS = (("health-interval", "Interval"), ("health-timeout", "Timeout"),
                     ("health-start-period", "StartPeriod"), ("health-start-interval", "StartInterval"))


def given(parsed: Parsed) -> dict[str, object]:
    """The recorded values of a `run`/`create`: only the flags given, docker's field names."""
    out: dict[str, object] = {}
    for flag, key in _AS_GIVEN:
        value = parsed.get(flag)
        if value not in (None, "", []):
            out[key] = value
    if parsed.get("tmpfs"):
        out["Tmpfs"] = dict(_split_tmpfs(t) for t in parsed.get("tmpfs"))  # type: ignore[union-attr]
    if parsed.get("sysctl"):
        out["Sysctls"] = dict(s.partition("=")[::2] for s in parsed.get("sysctl"))  # type: ignore[union-attr]
    if parsed.get("cpus"):
        out["NanoCpus"] = nano_cpus(str(parsed.get("cpus")))
    if parsed.get("init") is False:
        out["Init"] = False  # docker shows Init only when the flag was given; `--init` shows in the spec

    if parsed.get("stop-timeout") not in (None, ""):
        out["StopTimeout"] = values.go_int(str(parsed.get("stop-timeout")))
    if parsed.get("rm") is True and parsed.get("detach") is True:
        out["AutoRemove"] = True  # `-d --rm` is emulated: nerdctl never sees --rm
    if parsed.get("mount"):
        out["Mounts"] = [mount(m) for m in parsed.get("mount")]  # type: ignore[union-attr]
    health = healthcheck(parsed)
    if health:
        out["Healthcheck"] = health
    return out


def labels(parsed: Parsed) -> list[str]:
    """The nerdctl --label flag that records `given`, or nothing."""
    recorded = given(parsed)
    if not recorded:
        return []
    import json

    return [f"--label={INSPECT_LABEL}={json.dumps(recorded, separators=(',', ':'))}"]


def healthcheck(parsed: Parsed) -> dict[str, object]:
    """docker's Config.Healthcheck for the --health-* flags: only the fields given (omitempty)."""
    if parsed.get("no-healthcheck") is True:
        return {"Test": ["NONE"]}
    out: dict[str, object] = {}
    if parsed.get("health-cmd"):
        out["Test"] = ["CMD-SHELL", str(parsed.get("health-cmd"))]
    for flag, key in _HEALTH_DURATIONS:
        ns = duration_ns(str(parsed.get(flag) or "0"))
        if ns:
            out[key] = ns
    retries = values.go_int(str(parsed.get("health-retries") or "0")) or 0
    if retries:
        out["Retries"] = retries
    return out


def mount(text: str) -> dict[str, object]:
    """docker's HostConfig.Mounts entry for a --mount value (`type=bind,src=/a,dst=/b,readonly`)."""
    fields: dict[str, str] = {}
    for part in text.split(","):
        key, eq, value = part.partition("=")
        fields[key.strip().lower()] = value if eq else "true"
    out: dict[str, object] = {"Type": fields.get("type", "volume"),
                              "Source": fields.get("source", fields.get("src", "")),
                              "Target": fields.get("target", fields.get("destination", fields.get("dst", "")))}
    readonly = fields.get("readonly", fields.get("ro", "false"))
    if values.parse_bool(readonly):
        out["ReadOnly"] = True
    return out


def _split_tmpfs(text: str) -> tuple[str, str]:
    path, _, options = text.partition(":")
    return path, options


def nano_cpus(text: str) -> int:
    """docker's opts.NanoCPUs: the rational number of CPUs times 10^9."""
    from fractions import Fraction

    return int(Fraction(text) * 1_000_000_000)


_NS = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
       "m": 60_000_000_000, "h": 3_600_000_000_000}


def duration_ns(text: str) -> int:
    """Go's time.ParseDuration in nanoseconds, for a value the parser already accepted."""
    sign = -1 if text.startswith("-") else 1
    rest = text.lstrip("+-")
    total = 0.0
    while rest:
        i = 0
        while i < len(rest) and (rest[i].isdigit() or rest[i] == "."):
            i += 1
        number, rest = rest[:i], rest[i:]
        unit = next((u for u in sorted(_NS, key=len, reverse=True) if rest.startswith(u)), "")
        rest = rest[len(unit):]
        total += float(number or 0) * _NS.get(unit, 0)
    return sign * round(total)
