"""Values of run's and create's options that docker's client checks (docker/cli's opts package, go-units, net):
device throttles and weights, DNS servers and search domains, namespace modes and MAC addresses. Each function
returns docker's complaint, or "" when docker takes the value. Worded as docker CLI 28.2.2 prints them.
Pure and stdlib only (no `re`): loaded on `run`'s path.
"""

from __future__ import annotations

_RATE = ("invalid rate for device: {}. The correct format is <device-path>:<number>[<unit>]. Number must be a "
         "positive integer. Unit is optional and can be kb, mb, or gb")
_IOPS = "invalid rate for device: {}. The correct format is <device-path>:<number>. Number must be a positive integer"
DEVICE_FLAGS = frozenset({"device-read-bps", "device-write-bps", "device-read-iops", "device-write-iops",
                          "blkio-weight-device"})


def device_problem(long: str, raw: str) -> str:
    """opts.ValidateThrottleBpsDevice, ValidateThrottleIOpsDevice and ValidateWeightDevice: `/dev/PATH:VALUE`."""
    path, sep, value = raw.partition(":")
    if not sep or not path:
        return f"bad format: {raw}"
    if not path.startswith("/dev/"):
        return f"bad format for device path: {raw}"
    if long.endswith("-bps"):  # go-units RAMInBytes; beyond int64 it turns negative, which docker refuses
        from shim.values import bytes_problem, ram_in_bytes

        return _RATE.format(raw) if bytes_problem(value) or ram_in_bytes(value) >= 1 << 63 else ""
    number = _decimal(value)
    if long.endswith("-iops"):
        return _IOPS.format(raw) if number is None or number >= 1 << 64 else ""
    # a weight: strconv.ParseUint(v, 10, 16), then 0 or 10 to 1000
    return "" if number is not None and (number == 0 or 10 <= number <= 1000) else f"invalid weight for device: {raw}"


def _decimal(text: str) -> int | None:
    """strconv.ParseUint(text, 10, …)'s digits: ASCII only, no sign."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def dns_problem(raw: str) -> str:
    """opts.ValidateIPAddress for --dns: net.ParseIP of the trimmed text."""
    from shim.exposed import is_go_ip

    return "" if is_go_ip(raw.strip()) else f"IP address is not correctly formatted: {raw}"


def dns_search_problem(raw: str) -> str:
    """opts.ValidateDNSSearch: `.`, or a domain name with a letter in it, its labels letters, digits and inner
    hyphens (docker's pattern also lets a `:` precede a label), at most one trailing dot, under 255 characters."""
    text = raw.strip(" ")
    if text == ".":
        return ""
    bad = f"{text} is not a valid domain"
    if not any(c.isascii() and c.isalpha() for c in text):
        return bad
    name = text.rstrip()  # `\.?\s*$`
    name = name[:-1] if name.endswith(".") else name
    name = name.removeprefix(":")
    labels = name.replace(":.", ".").split(".")
    ok = all(label and label.isascii() and label.replace("-", "").isalnum() and label[0] != "-" and label[-1] != "-"
             for label in labels)
    return "" if ok and len(name) < 255 else bad


# container.PidMode/UTSMode/UsernsMode/CgroupnsMode's Valid(), in the order docker's parse() checks them
MODES = (("pid", "PID", ("", "host"), True), ("uts", "UTS", ("", "host"), False),
         ("userns", "USER", ("", "host"), False), ("cgroupns", "CGROUP", ("", "host", "private"), False))


def mode_problem(long: str, raw: str) -> str:
    """`--pid: invalid PID mode` and its kind, or ""."""
    for name, what, allowed, container in MODES:
        if name == long:
            kind, sep, target = raw.partition(":")
            ok = raw in allowed or (container and sep and kind == "container" and target)
            return "" if ok else f"--{name}: invalid {what} mode"
    return ""


def mac_problem(raw: str) -> str:
    """net.ParseMAC: 6, 8 or 20 bytes as two hex digits joined by `:` or `-`, or four joined by `.`."""
    if len(raw) < 14:
        return f"{raw} is not a valid mac address"
    if raw[2] in ":-":
        groups, width = raw.split(raw[2]), 2
    elif raw[4] == ".":
        groups, width = raw.split("."), 4
    else:
        return f"{raw} is not a valid mac address"
    size = len(groups) * width // 2
    hexdigits = "0123456789abcdefABCDEF"
    ok = size in (6, 8, 20) and all(len(g) == width and all(c in hexdigits for c in g) for g in groups)
    return "" if ok else f"{raw} is not a valid mac address"


HEALTH = ("health-interval", "health-timeout", "health-retries", "health-start-period", "health-start-interval")


def health_problem(values: dict[str, object]) -> str:
    """docker's parse() of the health check options: --no-healthcheck alone, no negative number or duration."""
    given = bool(values.get("health-cmd")) or any(values.get(name) for name in HEALTH)
    if values.get("no-healthcheck") is True:
        return "--no-healthcheck conflicts with --health-* options" if given else ""
    for name in HEALTH if given else ():
        if int(values.get(name) or 0) < 0:  # type: ignore[call-overload]  # an int, or a values.Duration
            return f"--{name} cannot be negative"
    return ""


# opts.ValidateSysctl: the namespaced sysctls docker lets a container set
_SYSCTLS = frozenset({"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
                      "kernel.shmmni", "kernel.shm_rmid_forced"})


def sysctl_problem(raw: str) -> str:
    key, sep, _ = raw.partition("=")
    ok = sep and key and (key in _SYSCTLS or key.startswith(("net.", "fs.mqueue.")))
    return "" if ok else f"sysctl '{raw}' is not allowed"


def device_cgroup_rule_problem(raw: str) -> str:
    """docker's `^[acb] ([0-9]+|\\*):([0-9]+|\\*) [rwm]{1,3}$`."""
    parts = raw.split(" ")
    ok = len(parts) == 3 and parts[0] in ("a", "b", "c") and 1 <= len(parts[2]) <= 3 and set(parts[2]) <= set("rwm")
    if ok:
        numbers = parts[1].split(":")
        ok = len(numbers) == 2 and all(n == "*" or (n.isascii() and n.isdigit()) for n in numbers)
    return "" if ok else f"invalid device cgroup format '{raw}'"


def security_opt_problem(raw: str) -> str:
    """docker's parseSecurityOpts: `no-new-privileges` or KEY=VALUE / KEY:VALUE; a seccomp profile is a file docker's
    client reads (its JSON is the daemon's to judge here)."""
    if raw == "no-new-privileges":
        return ""
    key, sep, value = raw.partition("=")
    if not sep:
        key, sep, value = raw.partition(":")
    if not sep:
        from shim.values import go_quote

        return f"Invalid --security-opt: {go_quote(raw)}"
    if key == "seccomp" and value != "unconfined":
        try:
            with open(value, "rb"):
                pass
        except IsADirectoryError:
            return f"opening seccomp profile ({value}) failed: read {value}: is a directory"
        except OSError as e:
            return f"opening seccomp profile ({value}) failed: open {value}: {(e.strerror or '').lower()}"
    return ""
