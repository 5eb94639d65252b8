"""docker compose's output: its plain progress lines and `compose ps`, from the neutral container summaries
a backend builds (shim/backends/nerdctl/views.py), as Docker Compose v5 prints them."""

from __future__ import annotations

from shim.output.containers import ContainerContext

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
ONEOFF_LABEL = "com.docker.compose.oneoff"

PS_TABLE = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}"
PS_HEADERS = {
    "Name": "NAME", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND", "Service": "SERVICE",
    "RunningFor": "CREATED", "Status": "STATUS", "Ports": "PORTS", "ID": "CONTAINER ID", "State": "STATE",
    "CreatedAt": "CREATED AT", "Project": "PROJECT", "Health": "HEALTH", "ExitCode": "EXIT CODE",
    "Labels": "LABELS", "Mounts": "MOUNTS", "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES",
    "Size": "SIZE", "Publishers": "PUBLISHERS", "Engine": "ENGINE",
}


def project_labels(files: list[str], directory: str, version: str, *, oneoff: bool) -> dict[str, str]:
    """The labels docker compose puts on every container of a project (beside project, service, config-hash
    and the per-container number)."""
    return {ONEOFF_LABEL: "True" if oneoff else "False", "com.docker.compose.project.config_files": ",".join(files),
            "com.docker.compose.project.working_dir": directory, "com.docker.compose.version": version}


def progress(kind: str, name: str, status: str) -> str:
    """One line of compose's plain progress (`--progress=plain`, or stderr not a terminal)."""
    return f" {kind} {name} {status} \n"


class ComposeContainer(ContainerContext):
    """The fields a `docker compose ps --format` template sees (compose's ContainerSummary, shown through
    docker's container formatter)."""

    def Name(self) -> str:
        return self.Names()

    def Project(self) -> str:
        return self.Label(PROJECT_LABEL)

    def Service(self) -> str:
        return self.Label(SERVICE_LABEL)

    def Health(self) -> str:
        return str(self._c.get("Health") or "")

    def ExitCode(self) -> int:
        return int(self._c.get("ExitCode") or 0)

    def Engine(self) -> str:
        return ""

    def Publishers(self) -> list[dict]:
        return [{"URL": p.get("IP", ""), "TargetPort": p.get("PrivatePort", 0),
                 "PublishedPort": p.get("PublicPort", 0), "Protocol": p.get("Type", "tcp")}
                for p in self._c.get("Ports", []) if p.get("PublicPort")]

    def __gojson__(self) -> dict:
        return {name: getattr(self, name)() for name in sorted(PS_HEADERS)}


def oneoff(summary: dict, project: str) -> bool:
    """A container of `compose run` (compose labels it; nerdctl's compose names it PROJECT-SERVICE-run-ID)."""
    labels = summary.get("Labels") or {}
    if labels.get(ONEOFF_LABEL):
        return labels[ONEOFF_LABEL] == "True"
    name = (summary.get("Names") or ["/"])[0].lstrip("/")
    return name.startswith(f"{project}-{labels.get(SERVICE_LABEL, '')}-run-")


def ps_output(summaries: list[dict], project: str, *, services: list[str], show_all: bool, quiet: bool,
              fmt: str, statuses: list[str], list_services: bool, trunc: bool) -> str:
    """What `docker compose ps` prints for the project's containers."""
    from shim.output import formatting

    chosen = [s for s in summaries
              if (show_all or s.get("State") == "running" or statuses)
              and (not services or (s.get("Labels") or {}).get(SERVICE_LABEL) in services)
              and (not statuses or s.get("State") in statuses)
              and (show_all or not oneoff(s, project))]
    rows = sorted((ComposeContainer(s, trunc=trunc) for s in chosen), key=lambda c: c.Name())
    if list_services:
        return "".join(f"{name}\n" for name in sorted({r.Service() for r in rows}))
    if quiet:
        return "".join(f"{r._c['Id']}\n" for r in rows)
    if fmt == "json":
        fmt = "{{json .}}"
    return formatting.render(PS_TABLE if fmt in ("", "table") else fmt, rows, PS_HEADERS)


def two_space_yaml(text: str) -> str:
    """YAML written with four-space indents (nerdctl's encoder) re-indented with two (docker compose's): each
    line's nesting is found from the lines it sits under; a sequence item's own fields stay two past its dash."""
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (old indent, new indent) of the open parents
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped:
            out.append(line)
            continue
        old = len(line) - len(stripped)
        while stack and stack[-1][0] >= old:
            stack.pop()
        if not stack:
            new = old
        else:
            parent_old, parent_new = stack[-1]
            step = old - parent_old
            new = parent_new + (2 if step in (2, 4) else step)
        out.append(" " * new + stripped)
        stack.append((old, new))
        if stripped.startswith("- "):  # an item's first field sits two past the dash, in both styles
            stack.append((old + 2, new + 2))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


IMAGES_HEADER = ("CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED")


def images_output(rows: list[dict], now: float, *, fmt: str, quiet: bool) -> str:
    """`docker compose images`: one row per container (ContainerName, Repository, Tag, and its image's Id,
    Size, Created epoch, Created text, Platform), as a table of 20-wide columns, JSON, or IDs."""
    from shim.output.units import human_duration, human_size

    if quiet:
        return "".join(f"{i.removeprefix('sha256:')}\n" for i in dict.fromkeys(r["Id"] for r in rows))
    if fmt == "json":
        import json

        return json.dumps([{"ID": r["Id"], "ContainerName": r["ContainerName"], "Repository": r["Repository"],
                            "Tag": r["Tag"], "Platform": r["Platform"], "Size": r["Size"],
                            "Created": r["CreatedText"], "LastTagTime": "0001-01-01T00:00:00Z"} for r in rows],
                          separators=(",", ":")) + "\n"
    lines = [IMAGES_HEADER]
    lines += [(r["ContainerName"], r["Repository"], r["Tag"], r["Platform"], r["Id"].removeprefix("sha256:")[:12],
               human_size(r["Size"]), human_duration(now - r["Created"]) + " ago") for r in rows]
    return _pretty_table(lines)


def _pretty_table(lines: list[tuple[str, ...]]) -> str:
    """compose's PrintPrettySection: Go's tabwriter with minimum width 20 and padding 3."""
    from shim.output.tabwriter import align

    return align("".join("\t".join(line) + "\n" for line in lines), minwidth=20)


def top_output(tables: list[tuple[str, str, str]]) -> str:
    """`docker compose top`: each container's `ps` table (service, container number, the ps text) in one
    table, SERVICE and # first (Go's tabwriter: minimum width 4, padding 2)."""
    rows: list[list[str]] = []
    for service, number, text in tables:
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        titles = lines[0].split()
        if not rows:
            rows.append(["SERVICE", "#", *titles])
        for line in lines[1:]:
            cells = line.split(None, len(titles) - 1)
            rows.append([service, number, *cells])
    from shim.output.tabwriter import align

    return align("".join("\t".join(r) + "\n" for r in rows), minwidth=4, padding=2)


def ls_output(summaries: list[dict], *, names: list[str], quiet: bool, fmt: str) -> str:
    """`docker compose ls`: one row per project (its containers' states counted, its config files)."""
    projects: dict[str, list[dict]] = {}
    for s in summaries:
        labels = s.get("Labels") or {}
        if labels.get(PROJECT_LABEL) and labels.get("com.docker.compose.config-hash"):
            projects.setdefault(labels[PROJECT_LABEL], []).append(s)
    rows = []
    for name in sorted(projects):
        if names and name not in names and not any(_matches(pattern, name) for pattern in names):
            continue
        states: dict[str, int] = {}
        files: list[str] = []
        for s in projects[name]:
            states[s["State"]] = states.get(s["State"], 0) + 1
            for f in ((s.get("Labels") or {}).get("com.docker.compose.project.config_files") or "N/A").split(","):
                if f not in files:
                    files.append(f)
        status = ", ".join(f"{state}({n})" for state, n in sorted(states.items()))
        rows.append({"Name": name, "Status": status, "ConfigFiles": ",".join(files)})
    if quiet:
        return "".join(f"{r['Name']}\n" for r in rows)
    if fmt == "json":
        import json

        return json.dumps(rows, separators=(",", ":")) + "\n"
    return _pretty_table([("NAME", "STATUS", "CONFIG FILES"),
                          *((r["Name"], r["Status"], r["ConfigFiles"]) for r in rows)])


def _matches(pattern: str, name: str) -> bool:
    """compose's name filter: the exact name, or a regular expression found in it (Go's syntax, near enough)."""
    import re

    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False
