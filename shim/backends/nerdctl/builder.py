"""docker's builder commands on pydock's one builder, the buildkitd of the namespace (nerdctl's own rule for which
socket: BuildKit's `buildctl` reaches it), answered as docker's buildx plugin answers them:

- `buildx ls` / `buildx inspect`: the worker buildctl reports (`debug workers`), as docker's `default` builder.
- `builder prune` / `buildx prune`: `buildctl prune` with buildx's flags and filters; nerdctl's own
  `builder prune` has no filters or storage limits and prints its total in other units.
- `buildx version`: buildx's version line.

Over the ssh transport buildctl runs on the remote, at the socket nerdctl's rule picks there.

Pure: plans only. What docker prints is shim/output/builders.py.
"""

from __future__ import annotations

import os

from shim.errors import EXIT_GENERAL
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

BUILDCTL_ERROR = b"error: "
RUN = "/run"


def buildkit_address(namespace: str) -> str:
    """nerdctl's rule (pkg/buildkitutil): $BUILDKIT_HOST, else the namespace's own socket, else the default
    namespace's ones; the first that exists (nerdctl pings each: a socket left behind is buildctl's error)."""
    if os.environ.get("BUILDKIT_HOST"):
        return os.environ["BUILDKIT_HOST"]
    folders = [f"buildkit-{namespace}"] if namespace != "default" else []
    candidates = [f"{RUN}/{folder}/buildkitd.sock" for folder in (*folders, "buildkit-default", "buildkit")]
    return "unix://" + next((c for c in candidates if os.path.exists(c)), candidates[-1])


def _buildctl(parsed: Parsed, ctx: Context, *words: str) -> list[str]:
    timeout = parsed.get("timeout")
    if timeout is not None:
        words = (f"--timeout={max(1, -(-int(timeout) // 1_000_000_000))}", *words)  # type: ignore[call-overload]
    if ctx.remote is not None and not os.environ.get("BUILDKIT_HOST"):
        return _remote_buildctl(ctx.namespace, list(words))
    return ["buildctl", f"--addr={buildkit_address(ctx.namespace)}", *words]


# Over the ssh transport the sockets are the remote's: nerdctl's rule applied by the remote's shell (the first
# candidate that exists, else the last), a constant script whose words are positional parameters: the folder (RUN),
# the namespace, then buildctl's arguments (`buildkit-default` twice for the default namespace changes nothing)
REMOTE_PICK = ('run=$1 ns=$2; shift 2; for s in "$run/buildkit-$ns/buildkitd.sock" '
               '"$run/buildkit-default/buildkitd.sock" "$run/buildkit/buildkitd.sock"; do [ -e "$s" ] && break; done; '
               'exec buildctl --addr="unix://$s" "$@"')


def _remote_buildctl(namespace: str, words: list[str]) -> list[str]:
    return ["sh", "-c", REMOTE_PICK, "sh", RUN, namespace, *words]


def _no_builder(parsed: Parsed, ctx: Context) -> Done | None:
    """buildx's answer for a builder other than the one pydock has."""
    from shim.output.builders import NAME

    name = parsed.args[0] if parsed.command.name == "buildx inspect" and parsed.args else parsed.text("builder", NAME)
    return None if name == NAME else Done(EXIT_GENERAL, stderr=f'ERROR: no builder "{name}" found')


def _error(result: Result) -> str:
    text = "; ".join(line.removeprefix(BUILDCTL_ERROR.decode()) for line in result.errors) or \
        f"buildctl exited with {result.code}"
    return text


def translate_buildx_version(parsed: Parsed, ctx: Context) -> Done:
    from shim.output.builders import VERSION

    return Done(0, VERSION + "\n")


def _workers(parsed: Parsed, ctx: Context, then) -> Plan:  # type: ignore[no-untyped-def]
    """The builder's node (buildctl debug workers), then when it last built (its build records), then `then`."""
    workers = _buildctl(parsed, ctx, "debug", "workers", "--format", "{{json .}}")
    histories = _buildctl(parsed, ctx, "debug", "histories")

    def found(result: Result) -> Plan | Done:
        node = _node(result)
        if node.error:
            return then(node)
        return Plan(histories, CAPTURE, log_prefix=BUILDCTL_ERROR, always_then=True,
                    then=lambda r: then(_with_activity(node, r)))

    return Plan(workers, CAPTURE, log_prefix=BUILDCTL_ERROR, always_then=True, then=found, later=(histories,))


def _with_activity(node, result: Result):  # type: ignore[no-untyped-def]
    """buildx shows when the builder was last used; pydock's builder keeps build records, the newest tells
    (`buildctl debug histories`: TYPE REF CREATED …, CREATED in RFC 3339)."""
    from shim.output.builders import epoch

    times = [epoch(line.split()[2]) for line in result.stdout.decode("utf-8", "replace").splitlines()[1:]
             if len(line.split()) > 2] if result.code == 0 else []
    node.last_activity = max((t for t in times if t is not None), default=None)
    return node


def _node(result: Result):  # type: ignore[no-untyped-def]
    """The builder's node from `buildctl debug workers` (its JSON list), or the reason it could not be read."""
    import json

    from shim.output.builders import Node

    if result.code != 0:
        return Node(error=_error(result))
    try:
        workers = json.loads(result.stdout or b"[]")
    except ValueError:
        workers = []
    if not isinstance(workers, list) or not workers:
        return Node(error="no worker found")
    first = workers[0]
    platforms = [p for w in workers for p in w.get("platforms") or []]
    return Node(version=(first.get("buildkitVersion") or {}).get("version", ""), platforms=platforms,
                labels=first.get("labels") or {}, gc_policy=first.get("gcPolicy") or [],
                ids=[w.get("id", "") for w in workers])


def translate_buildx_ls(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output import builders

    fmt = parsed.text("format", "table")

    def show(node: builders.Node) -> Done:
        out, err = builders.ls_output(fmt, node, trunc=parsed.get("no-trunc") is not True)
        return Done(0, out, err)

    return _workers(parsed, ctx, show)


def translate_buildx_inspect(parsed: Parsed, ctx: Context) -> Plan | Done:
    from shim.output import builders

    return _no_builder(parsed, ctx) or _workers(parsed, ctx, lambda node: Done(0, builders.inspect_output(node)))


def translate_builder_prune(parsed: Parsed, ctx: Context) -> Plan | Done:
    """buildx prune: its filters checked first, then docker's question, then buildctl prune and buildx's report."""
    from shim.output import builders

    refused = _no_builder(parsed, ctx)
    if refused:
        return refused
    try:
        keep, filters = builders.prune_filters([str(f) for f in parsed.get("filter") or []])  # type: ignore[union-attr]
    except ValueError as e:
        return Done(EXIT_GENERAL, stderr=f"ERROR: {e}")
    argv = _buildctl(parsed, ctx, "prune", "--format={{json .}}")
    if parsed.get("all") is True:
        argv.append("--all")
    if keep:
        argv.append(f"--keep-duration={keep}")
    if filters:
        argv.append(f"--filter={filters}")
    # buildctl takes its storage limits in MB (float): buildx's reserved, max-used and min-free space
    for flag, option in (("keep-storage", "--keep-storage-min"), ("reserved-space", "--keep-storage-min"),
                         ("max-used-space", "--keep-storage"), ("min-free-space", "--free-storage")):
        if parsed.get(flag):
            argv.append(f"{option}={int(parsed.get(flag)) / 1e6!r}")  # type: ignore[call-overload]
    verbose = parsed.get("verbose") is True
    # docker 28.2.2's own `builder prune` takes --keep-storage; buildx, which docker hands it to, calls the flag
    # deprecated while it parses it, before its question (spec/buildx.py gives `buildx prune` the same notice)
    notice = ("Flag --keep-storage has been deprecated, keep-storage flag has been changed to reserved-space\n"
              if parsed.command.name == "builder prune" and parsed.get("keep-storage") is not None else "")

    def report(result: Result) -> Done:
        if result.code != 0 and "connection error" in _error(result):
            from shim.backends.nerdctl.build import NOT_RUNNING

            return Done(EXIT_GENERAL, stderr=NOT_RUNNING)
        if result.code != 0:
            return Done(EXIT_GENERAL, stderr=f"ERROR: {_error(result)}")
        from shim import prune

        records = [r for r in _json_lines(result.stdout) if isinstance(r, dict)]
        # `system prune` prints what docker's client prints of the Engine's build cache prune: the IDs and the
        # sum of the records' sizes (the Engine's SpaceReclaimed)
        return prune.Pruned(builders.prune_report(records, ctx.now, verbose=verbose),
                            prune.section("build cache objects", [str(r.get("id", "")) for r in records]),
                            sum(int(r.get("size") or 0) for r in records))

    def run(shown: str = "") -> Plan:
        return Plan(argv, CAPTURE, log_prefix=BUILDCTL_ERROR, always_then=True,
                    then=lambda r: _after(shown, report(r)))

    if parsed.get("force") is True:
        return run(notice)
    from shim import prune

    return prune.ask(notice + prune.warning(parsed), run, argv)


def _after(text: str, done: Done) -> Done:
    if not text:
        return done  # kept whole: `system prune` reads a Pruned's parts
    return Done(done.code, text + done.stdout, done.stderr)


def _json_lines(data: bytes) -> list[object]:
    import json

    out = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
