"""What docker's `inspect` shows of a `run` as the user gave it, and containerd does not keep that way.

Most of HostConfig is read back from the container's OCI spec and nerdctl's labels. A few values are
not: docker prints `--security-opt`, `--group-add`, `--tmpfs` and `--sysctl` as typed (nerdctl adds its
own defaults to each), keeps `--cpus` as NanoCpus (nerdctl turns it into a quota), shows `Init: false` for
`--init=false`, and shows a health check with only the fields that were set (nerdctl fills in
its defaults). `run` records those in one label, as JSON keyed by docker's inspect field names; only
the flags given are recorded, so a plain `run` carries no label and imports no json. Shared by the
backends (the ctr backend's run writes the same label: its spec loses the same values).
"""

from __future__ import annotations

from shim import values
from shim.labels import INSPECT_LABEL

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed


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
        out["Sysctls"] = dict(parsed.get("sysctl"))  # type: ignore[call-overload]  # a map flag: a dict
    if parsed.get("cpus"):
        out["NanoCpus"] = int(parsed.get("cpus"))  # type: ignore[call-overload]  # values.NanoCPUs
    if parsed.get("init") is False:
        out["Init"] = False  # docker shows Init only when the flag was given; `--init` shows in the spec

    if parsed.get("entrypoint"):  # docker keeps it apart from Cmd; containerd has only the joined process args
        out["Entrypoint"] = [parsed.get("entrypoint")]
    if parsed.get("stop-timeout") is not None:
        out["StopTimeout"] = parsed.get("stop-timeout")
    if parsed.get("mount"):
        out["Mounts"] = [mount(m) for m in parsed.get("mount")]  # type: ignore[union-attr]
    if parsed.get("publish"):
        # nerdctl forgets a stopped container's ports, and shows the host port it picked where docker
        # keeps the requested one ("" for any)
        bindings = port_bindings(parsed.get("publish"))  # type: ignore[arg-type]
        if bindings:
            out["PortBindings"] = bindings
    health = healthcheck(parsed)
    if health:
        out["Healthcheck"] = health
    return out


def labels(parsed: Parsed) -> list[str]:
    """The nerdctl --label flag that records `given`, or nothing."""
    recorded = given(parsed)
    if not recorded:
        return []
    return [f"--label={INSPECT_LABEL}={compact_json(recorded)}"]


def compact_json(value: object) -> str:
    """json.dumps(value, separators=(",", ":")) for plain data, without importing json on run's path."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped) + '"'
    if isinstance(value, dict):
        return "{" + ",".join(f"{compact_json(str(k))}:{compact_json(v)}" for k, v in value.items()) + "}"
    return "[" + ",".join(compact_json(v) for v in value) + "]"  # type: ignore[union-attr]


def port_bindings(specs: list[str]) -> dict[str, list[dict[str, str]]]:
    """docker's HostConfig.PortBindings for -p values (nat.ParsePortSpecs): `[ip:][host:]container[/proto]`,
    ranges expanded, "" for what was not given; {} for a value nerdctl is left to refuse in its words."""
    out: dict[str, list[dict[str, str]]] = {}
    for spec in specs:
        if not _add_binding(spec, out):
            return {}
    return out


def _add_binding(spec: str, out: dict[str, list[dict[str, str]]]) -> bool:
    text, _, proto = spec.partition("/") if "/" in spec.rsplit(":", 1)[-1] else (spec, "", "tcp")
    ip = ""
    if text.startswith("["):
        ip, _, text = text[1:].partition("]")
        text = text.removeprefix(":")
        parts = ["", *text.split(":")] if text.count(":") == 0 else text.split(":")
        host, container = (parts[0], parts[-1]) if len(parts) > 1 else ("", parts[0])
    else:
        parts = text.split(":")
        ip = parts[0] if len(parts) == 3 else ""
        host = parts[-2] if len(parts) >= 2 else ""
        container = parts[-1]
    first, _, last = container.partition("-")
    host_first, _, host_last = host.partition("-")
    if not (first + last + host_first + host_last).isdigit():
        return False
    for i, port in enumerate(range(int(first), int(last or first) + 1)):
        host_port = str(int(host_first) + i) if host_first and host_last else host
        out.setdefault(f"{port}/{proto or 'tcp'}", []).append({"HostIp": ip, "HostPort": host_port})
    return True


def healthcheck(parsed: Parsed) -> dict[str, object]:
    """docker's Config.Healthcheck for the --health-* flags: only the fields given (omitempty)."""
    if parsed.get("no-healthcheck") is True:
        return {"Test": ["NONE"]}
    out: dict[str, object] = {}
    if parsed.get("health-cmd"):
        out["Test"] = ["CMD-SHELL", parsed.get("health-cmd")]
    for flag, key in _HEALTH_DURATIONS:
        ns = int(parsed.get(flag) or 0)  # type: ignore[call-overload]  # values.Duration: nanoseconds
        if ns:
            out[key] = ns
    retries = parsed.get("health-retries") or 0
    if retries:
        out["Retries"] = retries
    return out


def mount(text: str) -> dict[str, object]:
    """docker's HostConfig.Mounts entry for a --mount value (`type=bind,src=/a,dst=/b,readonly`)."""
    fields: dict[str, str] = {}
    for part in text.split(","):
        key, eq, value = part.partition("=")
        fields[key.strip().lower()] = value if eq else "true"
    out: dict[str, object] = {"Type": fields.get("type", "volume")}
    source = fields.get("source", fields.get("src", ""))
    if source:  # docker's mount.Mount leaves an empty Source out (a tmpfs has none)
        out["Source"] = source
    out["Target"] = fields.get("target", fields.get("destination", fields.get("dst", "")))
    readonly = fields.get("readonly", fields.get("ro", "false"))
    if values.parse_bool(readonly):
        out["ReadOnly"] = True
    return out


def _split_tmpfs(text: str) -> tuple[str, str]:
    path, _, options = text.partition(":")
    return path, options
