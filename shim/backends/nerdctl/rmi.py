"""docker rmi on nerdctl, with docker's semantics and output.

docker untags a name and deletes the image only with its last name: `Untagged: busybox:latest`,
then (once the image is gone) `Deleted: sha256:<id>` lines. It refuses an ID shared by several names
unless forced, and it happily untags an image a stopped container uses while other names keep it.
nerdctl prints `Untagged: docker.io/library/…@sha256:…` and `Deleted:` for every name, and refuses
the untag. pydock resolves names itself (one `nerdctl images` call), lets nerdctl remove them, and
prints docker's lines.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl import errors, image_ids
from shim.backends.nerdctl.common import base, json_or_empty, plan
from shim.daemon_errors import DAEMON, no_such_image
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result



def _is_id(arg: str) -> bool:
    text = arg.removeprefix("sha256:")
    return bool(text) and all(c in "0123456789abcdef" for c in text)


def resolve(args: list[str], listing: list[dict], force: bool) -> tuple[list[str], list[str]]:
    """(names to remove, in order; docker's error lines) for rmi's arguments."""
    names: list[str] = []
    problems: list[str] = []
    by_name = {item["Name"]: item for item in listing if item.get("Name")}
    for arg in args:
        full = reference.normalize(arg) if not reference.problem(arg) else ""
        if full in by_name:
            names += [full] if full not in names else []
            continue
        if _is_id(arg):
            digest = arg.removeprefix("sha256:")
            matches = [n for n, item in by_name.items() if item.get("Digest", "")[7:].startswith(digest)]
            if len(matches) > 1 and not force:
                problems.append(f"{DAEMON}conflict: unable to delete {arg} (must be forced) - image is referenced "
                                "in multiple repositories")
                continue
            if matches:
                names += [n for n in matches if n not in names]
                continue
            problems.append(no_such_image(arg))  # as docker resolved it
            continue
        problems.append(no_such_image(arg))
    return names, problems


def translate_rmi(parsed: Parsed, ctx: Context) -> Plan:
    force = parsed.get("force") is True
    listing_argv = [*base(ctx), "images", "--format", "{{json .}}"]

    def remove(result: Result) -> Plan | Done:
        from shim.backends.nerdctl.lists import json_lines

        listing = json_lines(result.stdout)
        # An Engine 20.10 image ID (config digest) is not in the listing: find its image's digest first.
        unknown = [a for a in parsed.args if image_ids.looks_like_id(a) and not image_ids.by_listing(a, listing)]
        digests = list(dict.fromkeys(i["Digest"] for i in listing if i.get("Digest")))
        if not unknown or not digests:
            return _remove(parsed, ctx, list(parsed.args), listing, force)

        def with_configs(native: Result) -> Plan | Done:
            natives = json_or_empty(native.stdout, list)
            args = [image_ids.target_by_config(a, natives) or a if a in unknown else a for a in parsed.args]
            return _remove(parsed, ctx, args, listing, force, shown=dict(zip(args, parsed.args, strict=True)))

        return plan(parsed, ctx, [*base(ctx), "image", "inspect", "--mode=native", *digests], mode=CAPTURE,
                    always_then=True, then=with_configs)

    return plan(parsed, ctx, listing_argv, mode=CAPTURE, then=remove,
                later=([*base(ctx), "rmi", *parsed.args],))


def _remove(parsed: Parsed, ctx: Context, args: list[str], listing: list[dict], force: bool,
            shown: dict[str, str] | None = None) -> Plan | Done:
    names, problems = resolve(args, listing, force)
    for looked_up, given in (shown or {}).items():  # errors name the ID as the user gave it
        problems = [p.replace(looked_up, given) for p in problems]
    if not names:
        return _finish([], problems, force)
    digest_of = {item["Name"]: item.get("Digest", "") for item in listing if item.get("Name")}
    remaining = [n for n in digest_of if n not in names]
    # Untagging a name whose image keeps other names is always allowed in docker.
    untag_only = all(any(digest_of[r] == digest_of[n] for r in remaining) for n in names)
    argv = [*base(ctx), "rmi", *(["--force"] if force or untag_only else []), *names]
    return plan(parsed, ctx, argv, mode=CAPTURE, always_then=True,
                then=lambda r: _report(r, parsed, names, digest_of, remaining, problems, force))


def _report(result: Result, parsed: Parsed, names: list[str], digest_of: dict[str, str], remaining: list[str],
            problems: list[str], force: bool) -> Done:
    removed = {line.split(" ", 1)[1].rsplit("@", 1)[0] for line in result.stdout.decode().splitlines()
               if line.startswith("Untagged: ")}
    # Engine 29 untags the name alone (Engine 20.10 also printed a `repo@digest` line for the last tag of a
    # repository it had a digest for)
    lines = [f"Untagged: {reference.familiar(name)}" for name in names if name in removed]
    gone = [d for d in dict.fromkeys(digest_of[n] for n in names if n in removed)
            if not any(digest_of[r] == d for r in remaining)]
    # Engine 29 names the deleted image by its ID, the digest its names pointed to, and no layers
    # (nerdctl lists them; containerd's garbage collector removes what nothing uses any more).
    lines += [f"Deleted: {digest}" for digest in gone]
    done = errors.restate(result, verb="rmi", path=parsed.path) if result.code else Done(0)
    stderr = "\n".join([*problems, *([done.stderr] if done.stderr else [])])
    code = 1 if (problems and not (force and all("No such image" in p for p in problems))) else done.code
    return Done(code, "".join(line + "\n" for line in lines), stderr)


def _finish(lines: list[str], problems: list[str], force: bool) -> Done:
    code = 0 if force and all("No such image" in p for p in problems) else 1
    return Done(code, "".join(line + "\n" for line in lines), "\n".join(problems))
