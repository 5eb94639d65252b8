"""docker system prune on nerdctl: docker's client (cli/command/system/prune.go) asks once, then runs the prunes
of containers, networks, anonymous volumes (--volumes), images (dangling, or unused with -a) and the build cache,
in that order, prints each one's section as it comes and ends with `Total reclaimed space:`, their sum. pydock
runs its own prunes the same way (container_prune.py, networks.py, volumes.py, image_prune.py, builder.py), each
forced, and reads the section and the bytes each one's `Pruned` result carries. nerdctl's own `system prune`
prints no total and nerdctl's words.

`--filter` reaches every part, as docker's client passes it (the Engine's build cache prune reads only its own
keys: label and label! are left out of that part); `until` with `--volumes` is refused before the question, as
docker's client refuses it. A filter a part does not take is that part's error, after the question.

Over the ssh transport each part runs as its command does alone. A namespace with no buildkitd reachable has no
build cache to prune: that part is left out, as nerdctl's system prune leaves it.
"""

from __future__ import annotations

from shim.parse import Parsed
from shim.plan import PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context

# docker's order; the last field says whether the part takes system prune's -a (containers, networks and
# volumes ignore it: their RunPrune drops the `all` argument)
PARTS = (("container_prune", "translate_container_prune", False), ("networks", "translate_network_prune", False),
         ("volumes", "translate_volume_prune", False), ("image_prune", "translate_image_prune", True),
         ("builder", "translate_builder_prune", True))


def translate_system_prune(parsed: Parsed, ctx: Context) -> Plan | Done:
    parts = [p for p in PARTS if p[0] != "volumes" or parsed.get("volumes") is True]
    if parsed.get("volumes") is True and "until" in _keys(parsed):
        from shim.errors import EXIT_GENERAL, DockerError

        raise DockerError('ERROR: The "until" filter is not supported with "--volumes"', EXIT_GENERAL)
    # --dry-run lists the commands each part starts with (the rest depends on what they find)
    shown = [command for part in parts if isinstance(step := _checked(parsed, ctx, part), Plan)
             for command in step.commands()]
    if parsed.get("force") is True:
        return Plan([], PREPARE, then=lambda _r: _part(parsed, ctx, parts, "", 0), later=tuple(shown))
    from shim import prune

    return prune.ask(prune.warning(parsed), lambda: _part(parsed, ctx, parts, "", 0), *shown)


def _keys(parsed: Parsed) -> set[str]:
    return {str(f).partition("=")[0].strip().lower() for f in parsed.get("filter") or []}  # type: ignore[union-attr]


def _checked(parsed: Parsed, ctx: Context, part: tuple[str, str, bool]) -> Plan | Done | None:
    """_translated, or None where the part refuses the filters (it says so when it runs, after the question)."""
    from shim.errors import DockerError

    try:
        return _translated(parsed, ctx, part)
    except DockerError:
        return None


def _translated(parsed: Parsed, ctx: Context, part: tuple[str, str, bool]) -> Plan | Done:
    """The part's own prune, forced, given system prune's -a and --filter where docker passes them on."""
    module, function, takes_all = part
    forced = Parsed(parsed.command, parsed.path)
    filters = [str(f) for f in parsed.get("filter") or []]  # type: ignore[union-attr]
    if module == "builder":  # the Engine's build cache prune skips the keys it does not know
        filters = [f for f in filters if f.partition("=")[0].strip().lower() not in ("label", "label!")]
    forced.values = {"force": True, **({"all": True} if takes_all and parsed.get("all") is True else {}),
                     **({"filter": filters} if filters else {})}
    return getattr(__import__(f"shim.backends.nerdctl.{module}", fromlist=[function]), function)(forced, ctx)


def _part(parsed: Parsed, ctx: Context, parts: list[tuple[str, str, bool]], shown: str, reclaimed: int) -> Plan | Done:
    """The next part's prune; once none is left, what they printed and docker's total."""
    from shim import prune

    if not parts:
        return Done(0, shown + prune.total(reclaimed))
    module, rest = parts[0][0], parts[1:]

    def collect(done: Done) -> Plan | Done:
        if isinstance(done, prune.Pruned):
            return _part(parsed, ctx, rest, shown + done.section, reclaimed + done.reclaimed)
        if module == "builder" and _no_buildkitd(done):
            return _part(parsed, ctx, rest, shown, reclaimed)
        # docker stops at the first prune that fails, after printing what the earlier ones did
        return Done(done.code, shown + done.stdout, done.stderr, done.pieces)

    return _finally(_translated(parsed, ctx, parts[0]), collect)


def _no_buildkitd(done: Done) -> bool:
    from shim.backends.nerdctl.build import NOT_RUNNING

    return done.stderr == NOT_RUNNING


def _finally(step: Plan | Done, finish: Callable[[Done], Plan | Done]) -> Plan | Done:
    """`step`, its `then` steps followed to the Done that ends them, which `finish` is given instead."""
    if isinstance(step, Done):
        return finish(step)
    following = step.then
    if following is None:
        return step
    step.then = lambda result: _finally(following(result), finish)  # a fresh plan of the part, not shared
    return step
