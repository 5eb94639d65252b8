"""How docker prints contexts: `context ls` rows and tables, and `context inspect`'s objects (JSON and templates).

`context inspect` shows a struct embedding the stored metadata: JSON flattens it (Name, Metadata, Endpoints,
TLSMaterial, Storage), while a template's `.Metadata` is the embedded struct itself (`.Metadata.Metadata` the
description), as Go resolves the shallower field first.
"""

from __future__ import annotations

from shim.template.values import GoMap, GoStruct

_ERROR_WIDTH = 45  # docker shortens the ERROR column of its table
_HEADERS = {"Current": "CURRENT", "Description": "DESCRIPTION", "DockerEndpoint": "DOCKER ENDPOINT", "Error": "ERROR",
            "Name": "NAME"}


def natural(name: str) -> list[tuple[int, int, str]]:
    """docker's order of contexts (fvbommel/sortorder.NaturalLess): runs of digits compare as numbers and come
    before any other character, which compare as bytes."""
    key, i = [], 0
    while i < len(name):
        j = i
        while j < len(name) and name[j].isdigit() == name[i].isdigit():
            j += 1
        chunk = name[i:j]
        if chunk.isdigit():
            key.append((1, int(chunk), ""))
        else:
            key.extend((2, 0, c) for c in chunk)
        i = j
    return key


def _docker(meta: dict) -> dict:
    endpoints = meta.get("Endpoints")
    docker = endpoints.get("docker") if isinstance(endpoints, dict) else None
    return docker if isinstance(docker, dict) else {}


def _description(meta: dict) -> str:
    metadata = meta.get("Metadata")
    value = metadata.get("Description") if isinstance(metadata, dict) else ""
    return value if isinstance(value, str) else ""


def row(meta: dict, current: str, description: str = "") -> GoStruct:
    """One `context ls` row; docker marshals it with its keys sorted."""
    return _row(meta["Name"], meta["Name"] == current, description or _description(meta),
                str(_docker(meta).get("Host") or ""), "")


def missing_row(name: str, error: str) -> GoStruct:
    """The row of a current context that is not there: docker shortens its error in every format."""
    if len(error) > _ERROR_WIDTH:
        error = error[:_ERROR_WIDTH - 1] + "…"
    return _row(name, True, "", "", error)


def _row(name: str, current: bool, description: str, endpoint: str, error: str) -> GoStruct:
    return GoStruct({"Current": current, "Description": description, "DockerEndpoint": endpoint, "Error": error,
                     "Name": name}, gotype="*formatter.clientContextContext")


def render_list(rows: list[GoStruct], fmt: str, quiet: bool) -> str:
    if quiet:
        return "".join(r["Name"] + "\n" for r in rows)
    if fmt in ("", "table"):
        from shim.output.tabwriter import align

        lines = ["NAME\tDESCRIPTION\tDOCKER ENDPOINT\tERROR\n"]
        for r in rows:
            name = r["Name"] + (" *" if r["Current"] else "")
            lines.append(f"{name}\t{r['Description']}\t{r['DockerEndpoint']}\t{r['Error']}\n")
        return align("".join(lines))
    from shim.output import formatting

    return formatting.render(fmt, rows, _HEADERS)


# -- inspect -----------------------------------------------------------------------------------------------

class _Described(GoStruct):
    """docker's DockerContext: a description and the fields docker does not know, marshalled as one sorted map
    without an empty description."""

    def __gojson__(self) -> dict:
        extra = dict(self["AdditionalFields"])
        if self["Description"]:
            extra["Description"] = self["Description"]
        return {k: extra[k] for k in sorted(extra)}


class _Inspected(GoStruct):
    """The inspected context: fields Metadata (the stored metadata), TLSMaterial, Storage; Name and Endpoints
    promoted from Metadata."""

    def get(self, key: str, default: object = None) -> object:
        if key in ("Name", "Endpoints"):
            return dict.__getitem__(self, "Metadata")[key]
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in ("Name", "Endpoints") or dict.__contains__(self, key)

    def __gojson__(self) -> GoStruct:
        inner = dict.__getitem__(self, "Metadata")
        return GoStruct({"Name": inner["Name"], "Metadata": inner["Metadata"], "Endpoints": inner["Endpoints"],
                         "TLSMaterial": self["TLSMaterial"], "Storage": self["Storage"]})


def _endpoints(meta: dict) -> GoMap:
    found = meta.get("Endpoints") if isinstance(meta.get("Endpoints"), dict) else {}
    out = {}
    for key, value in found.items():
        if key == "docker" and isinstance(value, dict):
            host = str(value.get("Host") or "")
            fields = {"Host": host, "SkipTLSVerify": bool(value.get("SkipTLSVerify"))}
            out[key] = GoStruct(fields, gotype="docker.EndpointMeta", omitempty={"Host": ""})
        else:
            out[key] = value
    return GoMap(out)


def inspected(meta: dict, tls: dict[str, bytes], paths: tuple[str, str]) -> _Inspected:
    metadata = meta.get("Metadata") if isinstance(meta.get("Metadata"), dict) else {}
    extra = {k: v for k, v in metadata.items() if k != "Description"}
    described = _Described({"Description": _description(meta), "AdditionalFields": extra},
                           gotype="command.DockerContext")
    inner = GoStruct({"Name": meta["Name"], "Metadata": described, "Endpoints": _endpoints(meta)},
                     gotype="store.Metadata")
    material: dict[str, list[str]] = {}
    for key in tls:
        endpoint, _, file = key.partition("/")
        material.setdefault(endpoint, []).append(file)
    storage = GoStruct({"MetadataPath": paths[0], "TLSPath": paths[1]}, gotype="store.StorageInfo")
    return _Inspected({"Metadata": inner, "TLSMaterial": GoMap(material), "Storage": storage},
                      gotype="context.contextWithTLSListing")


def render_inspect(found: list[_Inspected], fmt: str) -> tuple[str, str]:
    """(stdout, template error) of `context inspect`: indented JSON, compact JSON for `json`, or a template."""
    from shim.template.values import _plain

    if fmt and fmt != "json":
        from shim.output import formatting

        template = formatting.parse_object_template(fmt)
        text, error = formatting.render_each(template, found)
        return text, ("template parsing error: " + error) if error else ""
    import json

    plain = [_plain(item) for item in found]
    text = json.dumps(plain, indent=None if fmt else 4, separators=(",", ":") if fmt else None, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n", ""
