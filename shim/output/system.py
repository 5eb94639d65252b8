"""`docker version` and `docker info`: docker's structures and layouts, filled from the real runtime.

There is no Docker Engine: the server is the runtime a backend drives (containerd). Server.Version is its
own; its ApiVersion and minimum are the reference engine's (Docker Engine 29: 1.56, down to 1.40), and the
client's is docker CLI 28.2.2's (1.50), the level whose responses pydock reproduces as that CLI sees them.
The backend's components and pydock appear as server components, so both are visible to anyone who looks.
Backends hand neutral facts (server_facts, docker-named info fields and counts); this module shapes them.
Templates see docker's Go field names (`.Server.APIVersion`), JSON has docker's JSON names (`ApiVersion`).
"""

from __future__ import annotations

import os

from shim.output.units import bytes_size
from shim.template.values import GoStruct
from shim.version import DOCKER_CLI, VERSION

API_VERSION = "1.56"
MIN_API_VERSION = "1.40"
CLIENT_API_VERSION = "1.50"  # docker CLI 28.2.2's; it negotiates no lower with the engine above
_API = {"APIVersion": "ApiVersion"}


def _arch() -> str:
    machine = os.uname().machine
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def client(context: str = "default") -> GoStruct:
    return GoStruct({
        "Platform": GoStruct({"Name": f"pydock {VERSION}"}, "struct { Name string }"),
        "Version": DOCKER_CLI, "APIVersion": CLIENT_API_VERSION, "DefaultAPIVersion": CLIENT_API_VERSION,
        "GitCommit": f"pydock-{VERSION}", "GoVersion": "", "Os": "linux", "Arch": _arch(), "BuildTime": "",
        "Context": context,
    }, "system.clientVersion", _API)


def _component(name: str, version: str, details: dict[str, str]) -> GoStruct:
    return GoStruct({"Name": name, "Version": version, "Details": details}, "types.ComponentVersion")


def server(facts: dict) -> GoStruct:
    """docker's server version from a backend's facts: `version` and `git_commit` of the runtime that stands
    in for the engine, `components` [(name, version, details)] and the `platform` name."""
    version = facts.get("version", "")
    kernel = os.uname().release
    engine = {"ApiVersion": API_VERSION, "Arch": _arch(), "BuildTime": "", "Experimental": "false",
              "GitCommit": facts.get("git_commit", ""), "GoVersion": "",
              "KernelVersion": kernel, "MinAPIVersion": MIN_API_VERSION, "Os": "linux"}
    components = [_component("Engine", version, engine)]
    components += [_component(name, v, details) for name, v, details in facts.get("components", [])]
    components.append(_component("pydock", VERSION, {"DockerCLI": DOCKER_CLI}))
    return GoStruct({
        "Platform": GoStruct({"Name": facts.get("platform", "")}, "struct { Name string }"),
        "Components": components, "Version": version, "APIVersion": API_VERSION,
        "MinAPIVersion": MIN_API_VERSION, "GitCommit": engine["GitCommit"], "GoVersion": "", "Os": "linux",
        "Arch": _arch(), "KernelVersion": kernel, "BuildTime": "",
    }, "types.Version", _API)


def version_text(info: GoStruct) -> str:
    """docker version's default layout."""
    c = info["Client"]
    lines = [f"Client: {c['Platform']['Name']}", f" Version:           {c['Version']}",
             f" API version:       {c['APIVersion']}", f" Go version:        {c['GoVersion']}",
             f" Git commit:        {c['GitCommit']}", f" Built:             {c['BuildTime']}",
             f" OS/Arch:           {c['Os']}/{c['Arch']}", f" Context:           {c['Context']}"]
    s = info.get("Server")
    if s:
        lines += ["", f"Server: {s['Platform']['Name']}"]
        for comp in s["Components"]:
            lines += [f" {comp['Name']}:", f"  Version:          {comp['Version']}"]
            details = comp["Details"]
            if comp["Name"] == "Engine":
                lines += [f"  API version:      {details['ApiVersion']} (minimum version {details['MinAPIVersion']})",
                          f"  Go version:       {details['GoVersion']}", f"  Git commit:       {details['GitCommit']}",
                          f"  Built:            {details['BuildTime']}",
                          f"  OS/Arch:          {details['Os']}/{details['Arch']}",
                          f"  Experimental:     {details['Experimental']}"]
                continue
            lines += [f"  {key + ':':<18}{value}" for key, value in sorted(details.items())]
    return "\n".join(lines) + "\n"


def version(server_facts: dict | None, context: str = "default") -> GoStruct:
    """docker version's data; without server facts (the runtime did not answer), the client part only."""
    data = {"Client": client(context)}
    if server_facts is not None:
        data["Server"] = server(server_facts)
    return GoStruct(data, "system.versionInfo")


def info(engine: dict, counts: dict[str, int], *, root: str, debug: bool) -> GoStruct:
    """docker's info from what a backend found, under docker's own field names (`NCPU`, `Driver`, `Plugins`…),
    and its counts: `containers`, `running`, `paused`, `images`."""
    n = engine
    total, running, paused = counts.get("containers", 0), counts.get("running", 0), counts.get("paused", 0)
    plugins = n.get("Plugins") or {}
    data = {
        "ID": n.get("ID", ""), "Containers": total, "ContainersRunning": running,
        "ContainersPaused": paused, "ContainersStopped": total - running - paused, "Images": counts.get("images", 0),
        "Driver": n.get("Driver", ""), "DriverStatus": None,
        "Plugins": GoStruct({"Volume": ["local"], "Network": ["bridge", "host", "ipvlan", "macvlan", "null"],
                             "Authorization": None, "Log": plugins.get("Log") or []}, "system.PluginsInfo"),
        "MemoryLimit": bool(n.get("MemoryLimit")), "SwapLimit": bool(n.get("SwapLimit")),
        "CpuCfsPeriod": bool(n.get("CpuCfsPeriod")), "CpuCfsQuota": bool(n.get("CpuCfsQuota")),
        "CPUShares": bool(n.get("CPUShares")), "CPUSet": bool(n.get("CPUSet")),
        "PidsLimit": bool(n.get("PidsLimit")), "IPv4Forwarding": bool(n.get("IPv4Forwarding")),
        "Debug": debug, "NFd": 0, "OomKillDisable": bool(n.get("OomKillDisable")), "NGoroutines": 0,
        "SystemTime": n.get("SystemTime", ""), "LoggingDriver": n.get("LoggingDriver", ""),
        "CgroupDriver": n.get("CgroupDriver", ""), "CgroupVersion": n.get("CgroupVersion", ""),
        "NEventsListener": 0, "KernelVersion": n.get("KernelVersion", ""),
        "OperatingSystem": n.get("OperatingSystem", ""), "OSVersion": _os_version(), "OSType": n.get("OSType", ""),
        "Architecture": n.get("Architecture", ""), "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": None, "NCPU": n.get("NCPU", 0), "MemTotal": n.get("MemTotal", 0),
        "GenericResources": None, "DockerRootDir": root, "HttpProxy": os.environ.get("HTTP_PROXY", ""),
        "HttpsProxy": os.environ.get("HTTPS_PROXY", ""), "NoProxy": os.environ.get("NO_PROXY", ""),
        "Name": n.get("Name", ""), "Labels": [], "ExperimentalBuild": False,
        "ServerVersion": n.get("ServerVersion", ""),
        "Runtimes": {"io.containerd.runc.v2": GoStruct({"path": "runc"}, "system.RuntimeWithStatus")},
        "DefaultRuntime": "io.containerd.runc.v2",
        "Swarm": GoStruct({"NodeID": "", "NodeAddr": "", "LocalNodeState": "inactive", "ControlAvailable": False,
                           "Error": "", "RemoteManagers": None}, "swarm.Info"),
        "LiveRestoreEnabled": False, "Isolation": "", "InitBinary": "",
        "SecurityOptions": n.get("SecurityOptions") or [], "Warnings": n.get("Warnings"),
        "ClientInfo": GoStruct({"Debug": debug, "Version": DOCKER_CLI, "DefaultAPIVersion": CLIENT_API_VERSION,
                                "GitCommit": f"pydock-{VERSION}", "GoVersion": "", "Os": "linux", "Arch": _arch(),
                                "BuildTime": "", "Context": "default", "Plugins": [], "Warnings": None},
                               "info.clientInfo"),
    }
    return GoStruct(data, "system.dockerInfo")


def _os_version() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VERSION_ID="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def info_text(i: GoStruct, namespace: str) -> str:
    """docker info's default layout, with the fields pydock knows."""
    c = i["ClientInfo"]
    lines = ["Client:", f" Version:    {c['Version']}", f" Context:    {c['Context']}",
             f" Debug Mode: {str(c['Debug']).lower()}", "", "Server:",
             f" Containers: {i['Containers']}", f"  Running: {i['ContainersRunning']}",
             f"  Paused: {i['ContainersPaused']}", f"  Stopped: {i['ContainersStopped']}",
             f" Images: {i['Images']}", f" Server Version: {i['ServerVersion']}",
             f" Storage Driver: {i['Driver']}", f" Logging Driver: {i['LoggingDriver']}",
             f" Cgroup Driver: {i['CgroupDriver']}", f" Cgroup Version: {i['CgroupVersion']}", " Plugins:",
             f"  Volume: {' '.join(i['Plugins']['Volume'])}", f"  Network: {' '.join(i['Plugins']['Network'])}",
             f"  Log: {' '.join(i['Plugins']['Log'])}", f" Swarm: {i['Swarm']['LocalNodeState']}",
             f" Runtimes: {' '.join(i['Runtimes'])}", f" Default Runtime: {i['DefaultRuntime']}"]
    if i["SecurityOptions"]:
        lines.append(" Security Options:")
        for option in i["SecurityOptions"]:
            fields = dict(part.split("=", 1) for part in option.split(",") if "=" in part)
            lines.append(f"  {fields.get('name', option)}")
            lines += [f"   {key.title()}: {value}" for key, value in fields.items() if key != "name"]
    lines += [f" Kernel Version: {i['KernelVersion']}", f" Operating System: {i['OperatingSystem']}",
              f" OSType: {i['OSType']}", f" Architecture: {i['Architecture']}", f" CPUs: {i['NCPU']}",
              f" Total Memory: {bytes_size(i['MemTotal'])}", f" Name: {i['Name']}", f" ID: {i['ID']}",
              f" Docker Root Dir: {i['DockerRootDir']}", f" Debug Mode: {str(i['Debug']).lower()}",
              f" Experimental: {str(i['ExperimentalBuild']).lower()}",
              f" Containerd Namespace: {namespace}",
              f" Live Restore Enabled: {str(i['LiveRestoreEnabled']).lower()}", ""]
    return "\n".join(lines) + "\n"
