"""How docker's `inspect --format` sees an object: first as the typed Go value, then as decoded JSON.

docker's client runs the template on the typed struct (types.ContainerJSON, types.ImageInspect); if that
fails, it decodes the raw JSON into maps and runs it again, reporting that second error
(cli/command/inspect). The typed value has every field, an omitempty one as its zero value
(`{{.State.Health}}` prints `<nil>` for a container without a health check, `{{if .State.Health}}`
is false), and its JSON keeps the struct's order; the decoded one has only the keys printed, a
missing one is "map has no entry for key", and every object is a map, marshalled with sorted keys.
"""

from __future__ import annotations

# Keys whose values are Go maps (sorted keys, a missing key is just absent); every other object is a struct.
_MAPS = frozenset({"Labels", "Ports", "PortBindings", "ExposedPorts", "Networks", "Volumes", "Data", "Options",
                   "Sysctls", "StorageOpt", "Tmpfs", "DriverOpts", "annotations", "Containers"})

# The zero value of each map's elements (`index` of a key the map lacks): strings, port bindings
# (slices), endpoints (pointers) and the empty structs of volume and port sets.
_STRING_MAPS = frozenset({"Labels", "Data", "Options", "Sysctls", "StorageOpt", "Tmpfs", "DriverOpts",
                          "Annotations"})
_SLICE_MAPS = frozenset({"Ports", "PortBindings"})
_POINTER_MAPS = frozenset({"Networks"})

# Keys whose values are Go slices: JSON `null` there is a nil slice, which Go prints `[]`, not `<nil>`.
_SLICES = frozenset({
    "Cmd", "Entrypoint", "Env", "OnBuild", "Shell", "Test", "Args", "Mounts", "ExecIDs", "RepoTags", "RepoDigests",
    "Layers", "Manifests", "Binds", "Links", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "CapAdd",
    "CapDrop", "SecurityOpt", "VolumesFrom", "Devices", "DeviceCgroupRules", "DeviceRequests", "Ulimits",
    "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
    "BlkioDeviceWriteIOps", "MaskedPaths", "ReadonlyPaths", "Aliases", "DNSNames", "SecondaryIPAddresses",
    "SecondaryIPv6Addresses", "Capabilities", "DeviceIDs", "Log"})

# The omitempty fields of docker CLI 28.2.2's types (API 1.50) and their zero values, per struct (by its key).
_CONTAINER_TOP = {"Node": None, "SizeRw": None, "SizeRootFs": None, "ImageManifestDescriptor": None}
_IMAGE_TOP = {"Variant": "", "OsVersion": "", "Container": "", "ContainerConfig": None, "VirtualSize": 0,
              "Descriptor": None}
_OMITEMPTY = {
    "State": {"Health": None},
    "HostConfig": {"StorageOpt": {}, "Tmpfs": {}, "Sysctls": {}, "Mounts": [], "Init": None, "KernelMemory": 0,
                   "KernelMemoryTCP": 0},
    "Config": {"ExposedPorts": {}, "Healthcheck": None, "ArgsEscaped": False, "NetworkDisabled": False,
               "MacAddress": "", "StopSignal": "", "StopTimeout": None, "Shell": []},
    "Healthcheck": {"Test": [], "Interval": 0, "Timeout": 0, "StartPeriod": 0, "Retries": 0},
}


# Go field names that differ from the JSON names (docker's `json:"..."` tags): the typed value answers
# to the Go name only (`{{.ID}}`, `{{.HostConfig.NanoCPUs}}`); the JSON name works through the fallback.
_GO_NAMES = {
    "": {"Id": "ID"},
    "HostConfig": {"Dns": "DNS", "DnsOptions": "DNSOptions", "DnsSearch": "DNSSearch", "CpuShares": "CPUShares",
                   "NanoCpus": "NanoCPUs", "CpuPeriod": "CPUPeriod", "CpuQuota": "CPUQuota",
                   "CpuRealtimePeriod": "CPURealtimePeriod", "CpuRealtimeRuntime": "CPURealtimeRuntime",
                   "CpuCount": "CPUCount", "CpuPercent": "CPUPercent"},
}


def typed(value: object, key: str = "", parent: str = "", *, image: bool = False, template: bool = False
          ) -> object:
    """The typed view: structs with every field (an omitempty one absent from the JSON as its zero). With
    `template`, the view docker's templates get of an image, whose Config is Engine 29's OCI-shaped struct
    (docker prints the engine's own JSON, so printing keeps the object's keys)."""
    from shim.template.values import GoMap, GoStruct, NilMap, NilSlice

    if isinstance(value, NilMap):
        return value
    if template and isinstance(value, dict) and "State" not in value and "RepoTags" in value:
        image = True
    is_map = key in _MAPS or (key == "Config" and parent == "LogConfig")
    if value is None and (is_map or key in _SLICES):  # a nil map or slice, not a nil pointer
        return NilMap({}, _map_zero(key, parent)) if is_map else NilSlice()
    if image and key == "Config" and not parent and isinstance(value, dict):
        return _image_config(value)
    if isinstance(value, dict):
        items = {k: typed(v, k if not is_map else "", key, image=image) for k, v in value.items()}
        if is_map:
            return GoMap(items, _map_zero(key, parent))
        zeros = _zeros(key, parent, value)
        for name, zero in zeros.items():
            items.setdefault(name, typed(None, name, key) if isinstance(zero, (dict, list)) else zero)
        renames = _GO_NAMES.get(key, {}) if parent or key else _GO_NAMES[""]
        if renames:
            items = {renames.get(k, k): v for k, v in items.items()}
        return GoStruct(items, json_names={go: js for js, go in renames.items()}, omitempty=zeros)
    if isinstance(value, list):
        return [typed(v, "", key, image=image) for v in value]
    return value


# Engine 29's image Config (dockerspec.DockerOCIImageConfig in docker 28.2.2's types): the OCI image config's
# fields and docker's three extensions, each omitempty, in this order; no Hostname, Tty & co.
_IMAGE_CONFIG = {"User": "", "ExposedPorts": {}, "Env": [], "Entrypoint": [], "Cmd": [], "Volumes": {},
                 "WorkingDir": "", "Labels": {}, "StopSignal": "", "ArgsEscaped": False, "Healthcheck": None,
                 "OnBuild": [], "Shell": []}


def _image_config(value: dict) -> object:
    from shim.template.values import GoStruct

    items = {}
    for name, zero in _IMAGE_CONFIG.items():
        given = value.get(name, None if isinstance(zero, (dict, list)) else zero)
        items[name] = typed(given, name, "Config")
    return GoStruct(items, gotype="*v1.DockerOCIImageConfig", omitempty=_IMAGE_CONFIG)


def _map_zero(key: str, parent: str) -> object:
    from shim.template.values import GoStruct, NilSlice

    if key in _STRING_MAPS or (key == "Config" and parent == "LogConfig"):
        return ""
    if key in _SLICE_MAPS:
        return NilSlice()
    return None if key in _POINTER_MAPS else GoStruct({})


def _zeros(key: str, parent: str, value: dict) -> dict:
    if not key and not parent:
        return _CONTAINER_TOP if "State" in value else _IMAGE_TOP
    if key == "Config" and not parent and "Hostname" not in value:
        return _IMAGE_CONFIG  # an image's (DockerOCIImageConfig): every field omitempty
    if key == "Config" and parent == "LogConfig":
        return {}
    return _OMITEMPTY.get(key, {})


def decoded(value: object) -> object:
    """The decoded-JSON view: maps all the way down, as json.Unmarshal into interface{} gives."""
    from shim.template.values import GoStruct

    if isinstance(value, dict):
        return GoStruct({k: decoded(v) for k, v in sorted(value.items())})
    if isinstance(value, list):
        return [decoded(v) for v in value]
    return value
