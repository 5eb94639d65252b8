"""docker rmi on nerdctl, with docker's semantics and output.

docker untags a name and deletes the image only with its last name: `Untagged: busybox:latest`,
then (once the image is gone) `Deleted: sha256:<id>` lines. It refuses an ID shared by several names
unless forced, and it happily untags an image a stopped container uses while other names keep it.
nerdctl prints `Untagged: docker.io/library/…@sha256:…` and `Deleted:` for every name, and refuses
the untag. pydock resolves names itself, from containerd's file (containerd_state.py; where it cannot be
read, `nerdctl images` and `ps -a`), lets nerdctl remove them (the one nerdctl command), and prints docker's
lines.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl import errors, image_ids
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.backends.nerdctl.dangling import keep_argv, unnamed
from shim.daemon_errors import DAEMON, no_such_image
from shim.plan import CAPTURE, PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result



def _is_id(arg: str) -> bool:
    text = arg.removeprefix("sha256:")
    return bool(text) and all(c in "0123456789abcdef" for c in text)


class User:
    """A container and the image it runs (its image's digest, as the listing resolves its name). Plain classes
    here: `typing`'s NamedTuple costs its import, several milliseconds, on rmi's path (issue #13)."""

    __slots__ = ("id", "digest", "running")

    def __init__(self, cid: str, digest: str, running: bool) -> None:
        self.id, self.digest, self.running = cid, digest, running


def users(containers: list[dict], listing: list[dict]) -> list[User]:
    """The containers of `nerdctl ps -a --no-trunc` JSON lines, with the digests their image names point to."""
    digest_of = {item["Name"]: item.get("Digest", "") for item in listing if item.get("Name")}
    out = []
    for c in containers:
        digest = digest_of.get(str(c.get("Image", "")), "")
        if digest:  # a container whose name was untagged since: containerd no longer knows its image
            status = str(c.get("Status", ""))
            out.append(User(str(c.get("ID", "")), digest, status.startswith(("Up", "Paused"))))
    return out


class Resolved:
    __slots__ = ("names", "problems", "kept")

    def __init__(self, names: list[str], problems: list[str], kept: set[str]) -> None:
        self.names = names  # full names to remove, in order
        self.problems = problems  # docker's error lines
        self.kept = kept  # names untagged from an image a container uses (docker keeps the image, unnamed)

    def __iter__(self):
        return iter((self.names, self.problems, self.kept))


def resolve(args: list[str], listing: list[dict], force: bool, containers: list[User] = ()) -> Resolved:
    """What rmi's arguments remove, and docker's conflicts (Engine 29's words, daemon/containerd/image_delete.go)."""
    out = Resolved([], [], set())
    by_name = {item["Name"]: item for item in listing if item.get("Name")}
    for arg in args:
        bad = reference.problem(arg) if not _is_id(arg) else ""
        full = reference.normalize(arg) if not bad and not reference.problem(arg) else ""
        # one argument after the other, as docker removes them: earlier ones' names are gone already
        alive = {n: item for n, item in by_name.items() if n not in out.names}
        if full in alive:
            _by_name(full, alive, force, containers, out)
        elif _is_id(arg):
            _by_id(arg, alive, force, containers, out)
        else:
            out.problems.append(DAEMON + bad if bad else no_such_image(arg))
    return out


def _by_name(full: str, by_name: dict[str, dict], force: bool, containers: list[User] | tuple, out: Resolved) -> None:
    digest = by_name[full].get("Digest", "")
    if sum(1 for n, item in by_name.items() if item.get("Digest") == digest and not unnamed(n)) == 1:  # last name
        user = next((c for c in containers if c.digest == digest), None)
        if user and not force:  # running or stopped alike: removing the name would leave it dangling
            out.problems.append(f"{DAEMON}conflict: unable to delete {reference.familiar(full)} (must be forced) - "
                                f"container {user.id[:12]} is using its referenced image {digest[7:19]}")
            return
        if user:
            out.kept.add(full)
    if full not in out.names:
        out.names.append(full)


def _by_id(arg: str, by_name: dict[str, dict], force: bool, containers: list[User] | tuple, out: Resolved) -> None:
    prefix = "sha256:" + arg.removeprefix("sha256:")
    digests = {item.get("Digest", "") for item in by_name.values() if item.get("Digest", "").startswith(prefix)}
    if len(digests) != 1:
        out.problems.append(no_such_image(arg))  # as docker resolved it
        return
    digest = digests.pop()
    matches = sorted(n for n, item in by_name.items() if item.get("Digest") == digest)  # containerd's order
    conflict = f"{DAEMON}conflict: unable to delete {digest[7:19]}"
    running = next((c for c in containers if c.digest == digest and c.running), None)
    stopped = next((c for c in containers if c.digest == digest and not c.running), None)
    if running:  # not even with --force
        out.problems.append(f"{conflict} (cannot be forced) - image is being used by running container "
                            f"{running.id[:12]}")
    elif stopped and not force:
        out.problems.append(f"{conflict} (must be forced) - image is being used by stopped container "
                            f"{stopped.id[:12]}")
    elif len(matches) > 1 and not force:
        out.problems.append(f"{conflict} (must be forced) - image is referenced in multiple repositories")
    else:
        out.names.extend(n for n in matches if n not in out.names)


def translate_rmi(parsed: Parsed, ctx: Context) -> Plan:
    """The names and the containers' images come from containerd's file (containerd_state.py), so that the
    common case is the one `nerdctl rmi`; where that file cannot be read, `nerdctl images` and `ps -a` say."""
    def looked_up(_r: Result) -> Plan | Done:
        from shim.backends.nerdctl import containerd_state

        state = containerd_state.read(ctx, containers=True)
        running = containerd_state.running_ids(ctx) if state else None
        if state is None or running is None:
            return rmi_by_listing(parsed, ctx)
        return rmi_steps(parsed, ctx, state.images, stored_users(state.containers, state.images, running))

    return Plan([], PREPARE, then=looked_up, later=([*base(ctx), "rmi", "--force", *parsed.args],))


def stored_users(containers: list, listing: list[dict], running: set[str]) -> list[User]:
    """users() for containers as containerd records them (containerd_state.Container) and the running IDs."""
    rows = [{"ID": c.id, "Image": c.image, "Status": "Up" if c.id in running else "Exited"} for c in containers]
    return users(rows, listing)


def rmi_by_listing(parsed: Parsed, ctx: Context) -> Plan:
    """rmi asking nerdctl for the images and the containers first."""
    listing_argv = [*base(ctx), "images", "--format", "{{json .}}"]
    ps_argv = [*base(ctx), "ps", "-a", "--no-trunc", "--format", "{{json .}}"]

    def with_containers(result: Result) -> Plan | Done:
        from shim.backends.nerdctl.lists import json_lines

        listing = json_lines(result.stdout)
        return plan(parsed, ctx, ps_argv, mode=CAPTURE, always_then=True, then=lambda ps: rmi_steps(
            parsed, ctx, listing, users(json_lines(ps.stdout) if ps.code == 0 else [], listing)))

    return plan(parsed, ctx, listing_argv, mode=CAPTURE, then=with_containers,
                later=(ps_argv, [*base(ctx), "rmi", *parsed.args]))


def rmi_steps(parsed: Parsed, ctx: Context, listing: list[dict], containers: list[User]) -> Plan | Done:
    """What rmi runs once it knows the images (`nerdctl images` JSON lines) and the containers' images."""
    force = parsed.get("force") is True
    # An Engine 20.10 image ID (config digest) is not in the listing: find its image's digest first.
    unknown = [a for a in parsed.args if image_ids.looks_like_id(a) and not image_ids.by_listing(a, listing)]
    digests = list(dict.fromkeys(i["Digest"] for i in listing if i.get("Digest")))
    if not unknown or not digests:
        return _remove(parsed, ctx, list(parsed.args), listing, force, containers)

    def with_configs(native: Result) -> Plan | Done:
        natives = json_or_empty(native.stdout, list)
        args = [image_ids.target_by_config(a, natives) or a if a in unknown else a for a in parsed.args]
        return _remove(parsed, ctx, args, listing, force, containers, shown=dict(zip(args, parsed.args, strict=True)))

    return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                always_then=True, then=with_configs)


def _remove(parsed: Parsed, ctx: Context, args: list[str], listing: list[dict], force: bool,
            containers: list[User], shown: dict[str, str] | None = None) -> Plan | Done:
    names, problems, kept = resolve(args, listing, force, containers)
    for looked_up, given in (shown or {}).items():  # errors name the ID as the user gave it
        problems = [p.replace(looked_up, given) for p in problems]
    if not names:
        return _finish([], problems, force)
    digest_of = {item["Name"]: item.get("Digest", "") for item in listing if item.get("Name")}
    remaining = [n for n in digest_of if n not in names]
    direct = _removed_directly(ctx, names, kept, digest_of)
    if direct is not None:
        if len(direct) < len(names):  # containerd refused some: nerdctl removes them and says why not
            return plan(parsed, ctx, [*base(ctx), "rmi", "--force", *(n for n in names if n not in direct)],
                        mode=CAPTURE, always_then=True, then=lambda r: _report(
                            r, parsed, names, digest_of, remaining + sorted(kept), problems, force, set(direct)))
        return _report(None, parsed, names, digest_of, remaining + sorted(kept), problems, force, set(direct))
    # pydock has checked docker's conflicts itself; nerdctl's own check would refuse what docker allows
    argv = [*base(ctx), "rmi", "--force", *names]
    removal = plan(parsed, ctx, argv, mode=CAPTURE, always_then=True,
                   then=lambda r: _report(r, parsed, names, digest_of, remaining + sorted(kept), problems, force))
    for name in sorted(kept):  # docker keeps a used image unnamed: so does pydock, first
        removal = plan(parsed, ctx, keep_argv(base(ctx), name, digest_of[name]), mode=CAPTURE, always_then=True,
                       then=lambda _r, after=removal: after)
    return removal


def _removed_directly(ctx: Context, names: list[str], kept: set[str], digest_of: dict[str, str]) -> list[str] | None:
    """The names containerd took away when asked directly (shim/containerd/image_names.py), after keeping the
    images docker keeps unnamed; None where containerd could not be asked, and nerdctl removes them all."""
    from shim.backends.nerdctl.names import direct_address

    address = direct_address(ctx.address)
    if not address:
        return None
    from shim.backends.nerdctl.containerd_state import namespace_of
    from shim.backends.nerdctl.dangling import UNNAMED
    from shim.containerd.image_names import point, remove

    namespace = namespace_of(ctx)
    if kept and not point(address, namespace, [(n, UNNAMED[1] + digest_of[n]) for n in sorted(kept)]):
        return None
    return remove(address, namespace, names)


def _report(result: Result | None, parsed: Parsed, names: list[str], digest_of: dict[str, str], remaining: list[str],
            problems: list[str], force: bool, direct: set[str] = frozenset()) -> Done:
    """docker's lines for the names removed: those containerd took away directly, and those nerdctl's
    `Untagged:` lines name (result: its rmi, None when it did not run)."""
    removed = set(direct) | {line.split(" ", 1)[1].rsplit("@", 1)[0] for line in result.stdout.decode().splitlines()
                             if line.startswith("Untagged: ")} if result else set(direct)
    lines: list[str] = []
    for name in names:
        if name not in removed:
            continue
        if unnamed(name):
            continue  # nerdctl's name for an unnamed image: docker has no name to untag, only the image to delete
        # Engine 29 untags the names it holds, never a `repo@digest` (20.10 also untagged its pull record)
        lines.append(f"Untagged: {reference.familiar(name)}")
    gone = [d for d in dict.fromkeys(digest_of[n] for n in names if n in removed)
            if not any(digest_of[r] == d for r in remaining)]
    # Engine 29 names the deleted image by its ID, the digest its names pointed to, and no layers
    # (nerdctl lists them; containerd's garbage collector removes what nothing uses any more).
    lines += [f"Deleted: {digest}" for digest in gone]
    done = errors.restate(result, verb="rmi", path=parsed.path) if result and result.code else Done(0)
    stderr = "\n".join([*problems, *([done.stderr] if done.stderr else [])])
    code = 1 if (problems and not (force and all("No such image" in p for p in problems))) else done.code
    return Done(code, "".join(line + "\n" for line in lines), stderr)


def _finish(lines: list[str], problems: list[str], force: bool) -> Done:
    code = 0 if force and all("No such image" in p for p in problems) else 1
    return Done(code, "".join(line + "\n" for line in lines), "\n".join(problems))
