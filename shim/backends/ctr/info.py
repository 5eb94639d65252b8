"""docker info on ctr: the engine is containerd. `ctr version` gives its version and UUID (docker's ID);
containerd's API gives the counts of containers (by their tasks' states) and images; the machine gives the
rest (kernel, system, CPUs, memory, cgroups), as the daemon reads them from its own machine. The shapes and
the text are shim/output/system.py's, shared with the nerdctl backend."""

from __future__ import annotations

import os

from shim.backends.ctr.common import address, base, plan
from shim.plan import CAPTURE, Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Plan, Result


def translate_info(parsed: Parsed, ctx: Context) -> Plan:
    from shim.backends.ctr.system import format_template

    template = format_template(parsed, "")
    return plan([*base(ctx), "version"], ctx, mode=CAPTURE, always_then=True,
                then=lambda result: _show(ctx, template, result))


def _show(ctx: Context, template: object, result: Result) -> Done:
    from shim.backends.ctr.listing import records
    from shim.backends.ctr.system import sections
    from shim.daemon_errors import cannot_connect
    from shim.output import system
    from shim.output.formatting import render_each

    server = sections(result.stdout.decode("utf-8", "replace")).get("Server")
    if result.code != 0 or not server:
        return Done(1, "", cannot_connect(address(ctx)) + "\n")
    containers, tasks = records(ctx)
    states = [tasks[c.id].status if c.id in tasks else "" for c in containers]
    counts = {"containers": len(containers), "running": states.count("running"),
              "paused": sum(s in ("paused", "pausing") for s in states), "images": _image_count(ctx)}
    data = system.info(engine_facts(server), counts, root="/var/lib/containerd", debug=ctx.debug)
    if template is None:
        return Done(0, system.info_text(data, ctx.namespace))
    out, problem = render_each(template, [data], name="")
    return Done(1 if problem else 0, out, problem + "\n" if problem else "")


def _image_count(ctx: Context) -> int:
    from shim.backends.ctr.state import images

    return len({i["Target"].get("digest") for i in images(address(ctx), ctx.namespace)})


def engine_facts(server: dict[str, str]) -> dict:
    """What docker's daemon reports of itself, for containerd on this machine (docker's field names)."""
    import time

    v2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
    controllers = _controllers(v2)
    uname = os.uname()
    return {
        "ID": server.get("UUID", ""), "Driver": os.environ.get("CONTAINERD_SNAPSHOTTER") or "overlayfs",
        "Plugins": {"Log": ["json-file"]}, "LoggingDriver": "json-file",  # run -d's log (log_driver.py)
        "MemoryLimit": "memory" in controllers, "SwapLimit": "memory" in controllers,
        "CpuCfsPeriod": "cpu" in controllers, "CpuCfsQuota": "cpu" in controllers,
        "CPUShares": "cpu" in controllers, "CPUSet": "cpuset" in controllers, "PidsLimit": "pids" in controllers,
        "IPv4Forwarding": _read("/proc/sys/net/ipv4/ip_forward") == "1", "OomKillDisable": not v2,
        "SystemTime": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime()) + _zone(),
        "CgroupDriver": "cgroupfs", "CgroupVersion": "2" if v2 else "1",
        "KernelVersion": uname.release, "OperatingSystem": _os_name(), "OSType": "linux",
        "Architecture": uname.machine, "NCPU": os.cpu_count() or 0, "MemTotal": _mem_total(), "Name": uname.nodename,
        "ServerVersion": server.get("Version", ""),
        "SecurityOptions": ["name=seccomp,profile=builtin"] + (["name=cgroupns"] if v2 else []),
        "Warnings": None,
    }


def _controllers(v2: bool) -> set[str]:
    if v2:
        return set(_read("/sys/fs/cgroup/cgroup.controllers").split())
    try:
        return set(os.listdir("/sys/fs/cgroup"))
    except OSError:
        return set()


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""


def _zone() -> str:
    import time

    offset = -time.altzone if time.localtime().tm_isdst > 0 else -time.timezone
    if offset == 0:
        return "Z"
    sign = "+" if offset > 0 else "-"
    return f"{sign}{abs(offset) // 3600:02d}:{abs(offset) % 3600 // 60:02d}"


def _os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return "Linux"


def _mem_total() -> int:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0
