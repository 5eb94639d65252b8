"""docker's `inspect` JSON for containers and images, from what a backend found.

The inputs are neutral: a draft of docker's ContainerJSON as far as the backend knows it (the nerdctl
backend's views.docker_draft: nerdctl's compat entry with its bookkeeping taken out), the container's OCI
runtime spec (terminal, cwd, namespaces, masked paths), the labels pydock's `run` wrote (shim/labels.py)
and the image's docker-shaped inspect. The draft misses fields clients read (Config.Cmd, Tty, OpenStdin,
State.Dead, HostConfig.Binds…) and keeps the image as a reference where docker has its ID; these pure
functions return the object Docker Engine would, with docker's keys in docker's order (API 1.50, as docker
CLI 28.2.2's types have them; `raw` gives them as Engine 29 sends them).
"""

from __future__ import annotations

from shim.labels import (
    DETACHED_LABEL,
    IMAGE_LABEL,
    INSPECT_LABEL,
    STDIN_LABEL,
    USER_LABEL,
    image_as_given,
    user_labels,
)
from shim.output import health, host_config
from shim.reference import repo_digest

ZERO_TIME = "0001-01-01T00:00:00Z"


def _state(compat: dict, native: dict) -> dict:
    state = compat.get("State") or {}
    status = state.get("Status") or "created"
    # nerdctl reports Restarting from the restart-policy label even for a container that runs fine.
    # docker's paused container still runs (its processes are frozen): Running and Paused are both true.
    running = status in ("running", "paused")
    return {
        "Status": status, "Running": running, "Paused": status == "paused",
        "Restarting": status == "restarting", "OOMKilled": False, "Dead": status == "dead",
        "Pid": state.get("Pid", 0) if running else 0,
        "ExitCode": state.get("ExitCode", 0), "Error": state.get("Error", ""),
        "StartedAt": state.get("StartedAt") or ZERO_TIME, "FinishedAt": state.get("FinishedAt") or ZERO_TIME,
    }


def _mounts(compat: dict, tmpfs: set[str]) -> list[dict]:
    """The user's mounts, less the `--tmpfs` ones (in `tmpfs`), which docker shows in HostConfig.Tmpfs only."""
    out = []
    for m in compat.get("Mounts") or []:
        if m.get("Type") == "tmpfs" and m.get("Destination") in tmpfs:
            continue
        entry = {"Type": m.get("Type", "bind")}
        if m.get("Type") == "volume":
            entry["Name"] = m.get("Name", "")
        entry.update({"Source": m.get("Source", ""), "Destination": m.get("Destination", "")})
        if m.get("Type") == "volume":
            entry["Driver"] = m.get("Driver") or "local"
        entry.update({"Mode": m.get("Mode", ""), "RW": m.get("RW", True),
                      "Propagation": m.get("Propagation") or ("rprivate" if m.get("Type") == "bind" else "")})
        out.append(entry)
    return out


def _binds(mounts: list[dict]) -> list[str] | None:
    binds = [f"{m['Source']}:{m['Destination']}" + ("" if m["RW"] else ":ro")
             for m in mounts if m["Type"] in ("bind", "volume")]
    return binds or None


def _split_command(args: list[str], image_config: dict, given: dict) -> tuple[list[str] | None, list[str] | None]:
    """(Entrypoint, Cmd): `run --entrypoint`'s or else the image's entrypoint when the process starts with it,
    the rest as Cmd."""
    entrypoint = given.get("Entrypoint") or image_config.get("Entrypoint") or []
    if entrypoint and args[:len(entrypoint)] == entrypoint:
        return entrypoint, args[len(entrypoint):] or None
    return None, args or None


def _env(compat_env: list[str], image_env: list[str]) -> list[str]:
    """docker lists the user's variables first, then the image's."""
    image = [e for e in image_env if e in compat_env]
    own = [e for e in compat_env if e not in image]
    return own + image


def _labels(labels: dict[str, str], image_labels: dict[str, str] | None) -> dict[str, str]:
    return {**(image_labels or {}), **user_labels(labels)}


def _user(labels: dict[str, str]) -> str:
    return labels.get(USER_LABEL, "")  # docker shows -u as given, "" for the image's user


def _exposed(compat: dict, image_config: dict, recorded: dict | None) -> dict[str, dict]:
    """Config.ExposedPorts: the image's, --expose's and the published ports (a Go map: sorted)."""
    keys = set(image_config.get("ExposedPorts") or {}) | set((recorded or {}).get("ExposedPorts") or {})
    keys |= set((compat.get("HostConfig") or {}).get("PortBindings") or {})
    keys |= set((recorded or {}).get("PortBindings") or {})
    keys |= set((compat.get("NetworkSettings") or {}).get("Ports") or {})
    return {key: {} for key in sorted(keys)}


def _recorded(labels: dict[str, str]) -> dict | None:
    """What pydock's run recorded (its `pydock/inspect` label, shim/labels.py); None for containers it did
    not run."""
    from shim import json_read as json  # loads without `re` (7 ms)

    raw = labels.get(INSPECT_LABEL)
    if raw is None:
        return {} if IMAGE_LABEL in labels else None
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _networks(compat: dict) -> dict:
    """Each network's endpoint, in the order of API 1.50's EndpointSettings (GwPriority, DNSNames are new)."""
    out = {}
    for name, net in ((compat.get("NetworkSettings") or {}).get("Networks") or {}).items():
        out[name] = {
            "IPAMConfig": None, "Links": None, "Aliases": None, "MacAddress": net.get("MacAddress", ""),
            "DriverOpts": None, "GwPriority": 0, "NetworkID": net.get("NetworkID", ""), "EndpointID": "",
            "Gateway": net.get("Gateway", ""), "IPAddress": net.get("IPAddress", ""),
            "IPPrefixLen": net.get("IPPrefixLen", 0),
            "IPv6Gateway": "", "GlobalIPv6Address": net.get("GlobalIPv6Address", ""),
            "GlobalIPv6PrefixLen": net.get("GlobalIPv6PrefixLen", 0), "DNSNames": None,
        }
    return out


def _network_settings(compat: dict, exposed: dict[str, dict]) -> dict:
    settings = compat.get("NetworkSettings") or {}
    ports = dict(settings.get("Ports") or {})
    if (compat.get("State") or {}).get("Status") == "running":
        # docker lists an exposed port that is not published with no bindings, while the container runs
        ports = {key: ports.get(key) for key in sorted({*ports, *exposed})}
    return {  # API 1.50's order; Engine 29 itself no longer sends the deprecated fields (see raw)
        "Bridge": "", "SandboxID": compat.get("Id", ""), "SandboxKey": "", "Ports": ports, "HairpinMode": False,
        "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None, "EndpointID": "",
        "Gateway": settings.get("Gateway", ""),
        "GlobalIPv6Address": settings.get("GlobalIPv6Address", ""),
        "GlobalIPv6PrefixLen": settings.get("GlobalIPv6PrefixLen", 0),
        "IPAddress": settings.get("IPAddress", ""), "IPPrefixLen": settings.get("IPPrefixLen", 0),
        "IPv6Gateway": "", "MacAddress": settings.get("MacAddress", ""),
        "Networks": _networks(compat),
    }


def _process(compat: dict, spec: dict) -> list[str]:
    """The command as docker records it: without the docker-init that `--init` puts in front."""
    args = [compat.get("Path", ""), *(compat.get("Args") or [])] if compat.get("Path") else []
    if host_config.has_init(spec) and args[:1] == [host_config.INIT_PATH]:
        args = args[2:] if args[1:2] == ["--"] else args[1:]
    return args


def _config(compat: dict, spec: dict, image_config: dict, recorded: dict | None, args: list[str]) -> dict:
    """docker's container Config: the image's config under what `run` was given."""
    config = compat.get("Config") or {}
    labels = config.get("Labels") or {}
    process = spec.get("process") or {}
    given = recorded or {}
    entrypoint, cmd = _split_command(args, image_config, given)
    hostname = config.get("Hostname", "")
    open_stdin = labels.get(STDIN_LABEL) == "open"
    attached = labels.get(DETACHED_LABEL) != "true"
    exposed = _exposed(compat, image_config, recorded)
    check = health.healthcheck(recorded, config.get("Healthcheck"), image_config.get("Healthcheck"))
    out: dict[str, object] = {
        "Hostname": hostname, "Domainname": config.get("Domainname", ""),
        "User": _user(labels), "AttachStdin": open_stdin and attached, "AttachStdout": attached,
        "AttachStderr": attached,
    }
    if exposed:
        out["ExposedPorts"] = exposed
    out.update({"Tty": bool(process.get("terminal")), "OpenStdin": open_stdin, "StdinOnce": open_stdin and attached,
                "Env": _env(config.get("Env") or [], image_config.get("Env") or []), "Cmd": cmd})
    if check:
        out["Healthcheck"] = check
    cwd = process.get("cwd", "/")
    out.update({"Image": image_as_given(config.get("Image") or compat.get("Image", ""), labels),
                "Volumes": image_config.get("Volumes") or None, "WorkingDir": cwd if cwd != "/" else "",
                "Entrypoint": entrypoint, "OnBuild": None})
    if given.get("MacAddress"):
        out["MacAddress"] = given["MacAddress"]
    out["Labels"] = _labels(labels, image_config.get("Labels"))
    stop_signal = given.get("StopSignal") or image_config.get("StopSignal")
    if stop_signal:
        out["StopSignal"] = stop_signal
    if given.get("StopTimeout") is not None:
        out["StopTimeout"] = given["StopTimeout"]
    return out


def container(compat: dict, native: dict, image: dict, manifest: dict | None = None) -> dict:
    """docker's container inspect object. `image` is the image's docker-shaped inspect (may be {}), `manifest`
    the descriptor of the image manifest the container runs."""
    labels = (compat.get("Config") or {}).get("Labels") or {}
    spec = native.get("Spec") or {}
    recorded = _recorded(labels)
    args = _process(compat, spec)
    config = _config(compat, spec, image.get("Config") or {}, recorded, args)
    state = _state(compat, native)
    state_health = health.state_health(config.get("Healthcheck"), (compat.get("State") or {}).get("Health"))
    if state_health:
        state["Health"] = state_health
    given_mounts = {m.get("Target") for m in (recorded or {}).get("Mounts") or []}
    tmpfs = set((recorded or {}).get("Tmpfs") or (compat.get("HostConfig") or {}).get("Tmpfs") or {}) - given_mounts
    mounts = _mounts(compat, tmpfs)
    for m in mounts:
        if m["Destination"] in given_mounts:
            m["Mode"] = ""  # docker shows no mode for a --mount (nerdctl: its bind options)
    binds = _binds([m for m in mounts if m["Destination"] not in given_mounts])
    out = {
        "Id": compat["Id"], "Created": compat.get("Created", ""), "Path": args[0] if args else "",
        "Args": args[1:], "State": state,
        "Image": image.get("Id") or compat.get("Image", ""),
        "ResolvConfPath": compat.get("ResolvConfPath", ""), "HostnamePath": compat.get("HostnamePath", ""),
        "HostsPath": compat.get("HostsPath", ""), "LogPath": compat.get("LogPath", ""),
        "Name": "/" + compat.get("Name", ""), "RestartCount": compat.get("RestartCount", 0),
        "Driver": compat.get("Driver", "overlayfs"), "Platform": compat.get("Platform", "linux"),
        "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": compat.get("AppArmorProfile", ""),
        "ExecIDs": None, "HostConfig": host_config.build(compat, spec, recorded, binds),
        "GraphDriver": {"Data": None, "Name": compat.get("Driver", "overlayfs")},
    }
    if "SizeRw" in compat or "SizeRootFs" in compat:  # `inspect --size`
        out.update({"SizeRw": compat.get("SizeRw") or 0, "SizeRootFs": compat.get("SizeRootFs") or 0})
    out.update({"Mounts": mounts, "Config": config,
                "NetworkSettings": _network_settings(compat, config.get("ExposedPorts") or {})})
    if manifest:  # Engine 29's containerd store: the manifest the container runs, with its platform
        out["ImageManifestDescriptor"] = manifest
    return out


# An image's Config as API 1.50 has it: the OCI image config plus docker's own keys (DockerOCIImageConfig),
# in its order; the typed view leaves the empty ones out, Engine 29's own JSON keeps the first eight (raw).
_IMAGE_CONFIG_KEYS = ("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
                      "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell")
_IMAGE_CONFIG_KEPT = {"Cmd": None, "Entrypoint": None, "Env": None, "Labels": None, "OnBuild": None, "User": "",
                      "Volumes": None, "WorkingDir": ""}


def _image_config(given: dict) -> dict:
    return {k: given.get(k, _IMAGE_CONFIG_KEPT.get(k)) for k in _IMAGE_CONFIG_KEYS
            if k in given or k in _IMAGE_CONFIG_KEPT}


def image(compat: dict, snapshotter: str = "overlayfs") -> dict:
    """docker's image inspect object from nerdctl's compat entry."""
    tags = compat.get("RepoTags") or []
    digests = []
    for d in compat.get("RepoDigests") or []:
        repo, _, digest = d.partition("@")
        shown = repo_digest(repo, digest)
        if shown:
            digests.append(f"{repo}@{shown}")
    out = {  # API 1.50's image inspect: Container, ContainerConfig and VirtualSize are gone
        "Id": compat.get("Id", ""), "RepoTags": tags, "RepoDigests": digests, "Parent": compat.get("Parent", ""),
        "Comment": compat.get("Comment", ""), "Created": compat.get("Created", ""),
        "DockerVersion": compat.get("DockerVersion", ""),
        "Author": compat.get("Author", ""), "Config": _image_config(compat.get("Config") or {}),
        "Architecture": compat.get("Architecture", ""),
        **({"Variant": compat["Variant"]} if compat.get("Variant") else {}), "Os": compat.get("Os", ""),
        "Size": compat.get("Size", 0),
        "GraphDriver": {"Data": None, "Name": snapshotter},
        "RootFS": compat.get("RootFS") or {"Type": "layers", "Layers": []},
        "Metadata": compat.get("Metadata") or {"LastTagTime": ZERO_TIME},
    }
    if compat.get("Descriptor"):  # Engine 29's containerd store: what the image's name points to
        out["Descriptor"] = compat["Descriptor"]
    return out


def is_container(entry: dict) -> bool:
    return "State" in entry and "RepoTags" not in entry





# The fields docker CLI 28.2.2's types (API 1.50) still have and Engine 29's own JSON has no more.
_NOT_SENT = {"NetworkSettings": ("Bridge", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
                                 "SecondaryIPAddresses", "SecondaryIPv6Addresses"),
             "HostConfig": ("KernelMemory", "KernelMemoryTCP")}


def raw(entry: dict) -> dict:
    """A container's or image's inspect object as Engine 29 sends it to docker CLI 28.2.2, which prints it as
    it came (no --format, or `--format json`): the engine answers an API 1.50 client through a map, so every
    object's keys are sorted, without the fields it no longer has (a container's Config.OnBuild included)."""
    if not is_container(entry) and "RepoTags" not in entry:
        return entry  # another kind of object: as it is
    entry = dict(entry)
    for key, dropped in _NOT_SENT.items():
        if isinstance(entry.get(key), dict):
            entry[key] = {k: v for k, v in entry[key].items() if k not in dropped}
    if is_container(entry) and isinstance(entry.get("Config"), dict):
        entry["Config"] = {k: v for k, v in entry["Config"].items() if k != "OnBuild"}
    elif isinstance(entry.get("Config"), dict):
        entry["Config"] = {**_IMAGE_CONFIG_KEPT, **entry["Config"]}
    return _sorted(entry)


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def indented_json(objects: list) -> str:
    """docker's inspect output: json.MarshalIndent with four spaces, `<>&` escaped as Go does."""
    from shim.output.json_indent import dumps
    from shim.template.values import _plain

    text = dumps(_plain(objects))
    if text == "[]":
        return "[]\n"
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
