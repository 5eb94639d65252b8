"""What run/create's flags need in the OCI spec that ctr's own flags cannot put there: docker's
`--pids-limit` (linux.resources.pids.limit), `--ulimit` (process.rlimits) and a CNI network (the OCI hooks that
set it up and nerdctl's annotations: network.py). Pure: a value from the
parsed flags, and the spec with it applied. lifecycle.py writes it into the container's record between
`ctr containers create` and `ctr tasks start`."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed


def wanted(parsed: Parsed) -> dict:
    """{"pids": N, "rlimits": [(RLIMIT_X, soft, hard)…]} for the flags given; {} when none needs the spec.
    `run --ulimit nofile` alone needs none: ctr run says it (--rlimit-nofile)."""
    out: dict = {}
    pids = parsed.get("pids-limit")
    if isinstance(pids, int) and pids > 0:  # docker: 0 and -1 mean no limit
        out["pids"] = pids
    limits = []
    for raw in list(parsed.get("ulimit") or []):
        name, _, values = str(raw).partition("=")
        soft, _, hard = values.partition(":")
        limits.append((f"RLIMIT_{name.upper()}", int(soft), int(hard or soft)))
    from shim.backends.ctr.network import uses_cni

    if uses_cni(parsed):  # the CNI hooks and nerdctl's annotations (network.py)
        out["network"] = True
    only_nofile = all(name == "RLIMIT_NOFILE" for name, _, _ in limits)
    # made by `ctr containers create` (any edit): its spec says nofile too, as it has no --rlimit-nofile
    if limits and (out or not only_nofile or parsed.command.name == "create"):
        out["rlimits"] = limits
    return out


def applied(spec: dict, edits: dict, labels: dict[str, str] | None = None) -> dict:
    """The spec with the edits: the pids limit under linux.resources, each rlimit replacing one of its type,
    a CNI network's hooks and annotations (from the container's `labels`)."""
    if edits.get("network"):
        from shim.backends.ctr.network import with_network

        spec = with_network(spec, labels or {}, edits.get("hooks"))
    if "pids" in edits:
        resources = spec.setdefault("linux", {}).setdefault("resources", {})
        resources["pids"] = {"limit": edits["pids"]}
    if edits.get("rlimits"):
        process = spec.setdefault("process", {})
        given = {name for name, _, _ in edits["rlimits"]}
        kept = [r for r in process.get("rlimits") or [] if r.get("type") not in given]
        process["rlimits"] = kept + [{"type": n, "hard": h, "soft": s} for n, s, h in edits["rlimits"]]
    return spec
