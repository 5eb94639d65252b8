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
                then=lambda result: _machine_then(ctx, template, result))


# Over the ssh transport the machine is the remote: its facts in one shell command there, each file after a marker
FILES = ("/sys/fs/cgroup/cgroup.controllers", "/proc/sys/net/ipv4/ip_forward", "/etc/os-release", "/proc/meminfo")
_MARK = "==> "
_FACTS = ("".join(f'echo "{_MARK}{f}"; cat {f} 2>/dev/null; ' for f in FILES)
          + f'echo "{_MARK}ls"; ls /sys/fs/cgroup 2>/dev/null; echo "{_MARK}uname"; uname -n -r -m; '
          f'echo "{_MARK}cpus"; getconf _NPROCESSORS_ONLN; echo "{_MARK}zone"; date +%z')


def _machine_then(ctx: Context, template: object, result: Result) -> Plan | Done:
    if ctx.remote is None or result.code != 0:
        return _show(ctx, template, result, Machine())
    from shim.backends.ctr.over_ssh import remote_line

    # a constant command line for the remote's shell (ssh hands it one in any case)
    return plan(remote_line(ctx, _FACTS), ctx, mode=CAPTURE, always_then=True, here=True,
                then=lambda facts: _show(ctx, template, result, Machine(facts.stdout.decode("utf-8", "replace"))))


class Machine:
    """The facts docker's daemon reads of its own machine: this one's, or (`text`, _FACTS' output) a remote's."""

    def __init__(self, text: str | None = None) -> None:
        self.found: dict[str, str] | None = None
        if text is not None:
            self.found = {}
            name, lines = "", []
            for line in [*text.splitlines(), _MARK]:
                if line.startswith(_MARK):
                    if name:
                        self.found[name] = "\n".join(lines).strip()
                    name, lines = line[len(_MARK):], []
                else:
                    lines.append(line)

    def read(self, path: str) -> str:
        return _read(path) if self.found is None else self.found.get(path, "")

    def folders(self) -> set[str]:
        if self.found is not None:
            return set(self.found.get("ls", "").split())
        try:
            return set(os.listdir("/sys/fs/cgroup"))
        except OSError:
            return set()

    def uname(self) -> tuple[str, str, str]:
        """(node name, kernel release, machine)."""
        if self.found is None:
            u = os.uname()
            return u.nodename, u.release, u.machine
        words = self.found.get("uname", "").split()
        return (words[0], words[1], words[2]) if len(words) == 3 else ("", "", "")

    def cpus(self) -> int:
        if self.found is None:
            return os.cpu_count() or 0
        count = self.found.get("cpus", "")
        return int(count) if count.isdigit() else 0

    def zone(self) -> str:
        if self.found is None:
            return _zone()
        offset = self.found.get("zone", "")  # date +%z: +HHMM
        if len(offset) != 5 or offset in ("+0000", "-0000"):
            return "Z"
        return f"{offset[:3]}:{offset[3:]}"


def _show(ctx: Context, template: object, result: Result, machine: Machine) -> Done:
    from shim.backends.ctr.common import unreachable
    from shim.backends.ctr.listing import records
    from shim.backends.ctr.system import sections
    from shim.output import system
    from shim.output.formatting import render_each

    server = sections(result.stdout.decode("utf-8", "replace")).get("Server")
    if result.code != 0 or not server:
        return Done(1, "", unreachable(ctx) + "\n")
    containers, tasks = records(ctx)
    states = [tasks[c.id].status if c.id in tasks else "" for c in containers]
    counts = {"containers": len(containers), "running": states.count("running"),
              "paused": sum(s in ("paused", "pausing") for s in states), "images": _image_count(ctx)}
    data = system.info(engine_facts(server, machine), counts, root="/var/lib/containerd", debug=ctx.debug)
    if template is None:
        return Done(0, system.info_text(data, ctx.namespace))
    out, problem = render_each(template, [data], name="")
    return Done(1 if problem else 0, out, problem + "\n" if problem else "")


def _image_count(ctx: Context) -> int:
    from shim.backends.ctr.state import images

    return len({i["Target"].get("digest") for i in images(address(ctx), ctx.namespace)})


def engine_facts(server: dict[str, str], machine: Machine | None = None) -> dict:
    """What docker's daemon reports of itself, for containerd on this machine or `machine` (docker's field
    names)."""
    import time

    machine = machine or Machine()
    controllers_file = machine.read("/sys/fs/cgroup/cgroup.controllers")
    v2 = bool(controllers_file) or "cgroup.controllers" in machine.folders()
    controllers = set(controllers_file.split()) if v2 else machine.folders()
    node, release, arch = machine.uname()
    return {
        "ID": server.get("UUID", ""), "Driver": os.environ.get("CONTAINERD_SNAPSHOTTER") or "overlayfs",
        "Plugins": {"Log": ["json-file"]}, "LoggingDriver": "json-file",  # run -d's log (log_driver.py)
        "MemoryLimit": "memory" in controllers, "SwapLimit": "memory" in controllers,
        "CpuCfsPeriod": "cpu" in controllers, "CpuCfsQuota": "cpu" in controllers,
        "CPUShares": "cpu" in controllers, "CPUSet": "cpuset" in controllers, "PidsLimit": "pids" in controllers,
        "IPv4Forwarding": machine.read("/proc/sys/net/ipv4/ip_forward") == "1", "OomKillDisable": not v2,
        "SystemTime": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime()) + machine.zone(),
        "CgroupDriver": "cgroupfs", "CgroupVersion": "2" if v2 else "1",
        "KernelVersion": release, "OperatingSystem": _os_name(machine), "OSType": "linux",
        "Architecture": arch, "NCPU": machine.cpus(), "MemTotal": _mem_total(machine), "Name": node,
        "ServerVersion": server.get("Version", ""),
        "SecurityOptions": ["name=seccomp,profile=builtin"] + (["name=cgroupns"] if v2 else []),
        "Warnings": None,
    }


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


def _os_name(machine: Machine) -> str:
    for line in machine.read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return "Linux"


def _mem_total(machine: Machine) -> int:
    for line in machine.read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0
