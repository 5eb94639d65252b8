"""docker's prune commands ask before they remove anything, unless --force: the warning each prints (docker
28.2.2's words), and the plan step that asks (shim/execute.py reads the answer). Docker-side only; a backend
says what runs once agreed."""

from __future__ import annotations

from shim.plan import ASK, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.parse import Parsed

_CONTINUE = "Are you sure you want to continue? [y/N] "


def warning(parsed: Parsed) -> str:
    """What docker prints before its question, for this prune command and its flags."""
    every = parsed.get("all") is True
    name = parsed.command.name
    if name == "container prune":
        return "WARNING! This will remove all stopped containers.\n" + _CONTINUE
    if name == "image prune":
        what = "all images without at least one container associated to them" if every else "all dangling images"
        return f"WARNING! This will remove {what}.\n" + _CONTINUE
    if name == "volume prune":
        which = "all" if every else "anonymous"
        return f"WARNING! This will remove {which} local volumes not used by at least one container.\n" + _CONTINUE
    if name == "network prune":
        return "WARNING! This will remove all custom networks not used by at least one container.\n" + _CONTINUE
    if name in ("builder prune", "buildx prune"):
        return f"WARNING! This will remove {'all' if every else 'all dangling'} build cache. " + _CONTINUE
    items = ["all stopped containers", "all networks not used by at least one container"]
    if parsed.get("volumes") is True:
        items.append("all anonymous volumes not used by at least one container")
    items.append("all images without at least one container associated to them" if every else "all dangling images")
    items.append("all build cache" if every else "unused build cache")
    return "WARNING! This will remove:\n" + "".join(f"  - {item}\n" for item in items) + "\n" + _CONTINUE


def ask(question: str, then: Callable[[], Plan | Done], *shown: list[str]) -> Plan:
    """`then()` once docker's question was answered "y"; any other answer, or none, ends quietly with 0, as
    docker does. `shown` are the commands --dry-run lists."""
    return Plan([], ASK, question=question, always_then=True, later=shown,
                then=lambda result: then() if result.code == 0 else Done(0))


class Pruned(Done):
    """A prune that succeeded: what the command itself prints (`stdout`), and for `system prune`, which prints
    the parts one after another, docker's section of this part (`Deleted …:`, its lines and a blank line; "" when
    nothing went) and the bytes it reclaimed, summed into docker's `Total reclaimed space:`."""

    __slots__ = ("section", "reclaimed")

    def __init__(self, stdout: str, section: str, reclaimed: int) -> None:
        super().__init__(0, stdout)
        self.section = section
        self.reclaimed = reclaimed


def section(title: str, lines: list[str]) -> str:
    """docker's report of one prune: `Deleted Containers:` and the like, a line each, then a blank line; ""
    for none (docker's RunPrune functions return no output then)."""
    return f"Deleted {title}:\n" + "".join(line + "\n" for line in lines) + "\n" if lines else ""


def total(reclaimed: int) -> str:
    """docker's last line: units.HumanSize of the bytes reclaimed (`0B`, `1.2MB`)."""
    from shim.output.units import human_size

    return f"Total reclaimed space: {human_size(reclaimed, 4)}\n"
