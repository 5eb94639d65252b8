"""The labels a ctr `run`/`create` writes for docker's inspect: what containerd's record does not keep as
docker shows it (`-i`, `-d`, `-u` as given, and shim/run_record.py's values: --tmpfs and --mount as typed,
--cpus as NanoCpus, --entrypoint apart from the command). The same keys as the nerdctl backend's, read by
the shared shim/output/inspect.py. Pure."""

from __future__ import annotations

from shim.labels import DETACHED_LABEL, STDIN_LABEL, USER_LABEL

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.parse import Parsed


def inspect_labels(parsed: Parsed) -> list[str]:
    """ctr --label flags, only for what differs from docker's defaults."""
    from shim import run_record

    out = []
    if parsed.get("interactive") is True:
        out.append(f"--label={STDIN_LABEL}=open")
    if parsed.get("detach") is True:
        out.append(f"--label={DETACHED_LABEL}=true")
    if parsed.get("user"):
        out.append(f"--label={USER_LABEL}={parsed.get('user')}")
    return out + run_record.labels(parsed)
