"""docker import on nerdctl: pydock makes the image (shim/image_import.py) and nerdctl loads it.

nerdctl 2.3.5's own `import` has no --change, names an untagged import `import-DATE:latest`, prints its
progress and the name where docker prints the new image's ID (`sha256:…`). pydock reads the tarball (a file, or
stdin spooled to a private file first), writes an OCI layout with docker's config and history, loads it with
`nerdctl load` and drops the extra `import@sha256:…` reference nerdctl makes for the layout's index; an
untagged import stays as nerdctl's unnamed `import@<image ID>`, which pydock lists as `<none>`.
"""

from __future__ import annotations

from datetime import UTC

from shim import reference
from shim.backends.nerdctl.common import base, plan
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import CAPTURE, PREPARE, RELAY, SPOOL_STDIN, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x"}


def translate_import(parsed: Parsed, ctx: Context) -> Plan | Done:
    source, repo = parsed.args[0], (parsed.args[1] if len(parsed.args) > 1 else "")
    if "://" in source:  # a URL: nerdctl downloads it itself (no --change there)
        from shim.backends.nerdctl.passthrough import translate_other

        return translate_other(parsed, ctx)
    if repo and reference.problem(repo):  # docker's client parses it before it sends anything
        raise DockerError(reference.problem(repo), EXIT_GENERAL)
    layout = f"{ctx.scratch}-import.tar"
    later = ([*base(ctx), "load"], [*base(ctx), "rmi", "--force", "<import@sha256:…>"])
    if source == "-":
        spool = f"{ctx.scratch}-import-in"
        return Plan([], SPOOL_STDIN, spool=spool, cleanup=(spool, layout), later=later,
                    then=lambda _r: _load(parsed, ctx, spool, repo, layout))
    return Plan([], PREPARE, cleanup=(layout,), later=later, then=lambda _r: _load(parsed, ctx, source, repo, layout))


def _load(parsed: Parsed, ctx: Context, tarball: str, repo: str, layout: str, machine: str = "") -> Plan | Done:
    """Make the image from the tarball, then have nerdctl load it. Without --platform the image is the daemon's
    host's: over the ssh transport the remote's (`uname -m` there, asked first), not this machine's."""
    if ctx.remote is not None and not machine and not parsed.text("platform"):
        return Plan(["uname", "-m"], CAPTURE, then=lambda r: _load(parsed, ctx, tarball, repo, layout,
                                                                   r.stdout.decode(errors="replace").strip()
                                                                   or "unknown"))
    from datetime import datetime

    from shim import image_import

    try:
        config = image_import.apply_changes([str(c) for c in parsed.get("change") or []])  # type: ignore[union-attr]
        diff_id, size = image_import.layer_digest(tarball)
    except ValueError as e:  # ChangeError, or not a tarball
        return Done(EXIT_GENERAL, stderr=DAEMON + str(e))
    except IsADirectoryError:  # docker's client opens a folder, then fails as it streams it
        return Done(EXIT_GENERAL, stderr=f"read {tarball}: is a directory")
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    blob = image_import.image_config(diff_id, config, parsed.text("message"), created, _platform(parsed, machine))
    image_id, index = image_import.write_layout(layout, tarball, diff_id, size, blob,
                                                reference.normalize(repo) if repo else "")
    argv = [*base(ctx), "load"]
    cleanup = [*base(ctx), "rmi", "--force", f"import@{index}"]
    load = plan(parsed, ctx, argv, mode=CAPTURE, stdin=RELAY, stdin_file=layout,
                then=lambda _r: plan(parsed, ctx, cleanup, mode=CAPTURE, always_then=True,
                                     then=lambda _c: Done(0, image_id + "\n")))
    if not repo:
        return load
    return plan(parsed, ctx, [*base(ctx), "images", "--format", "{{json .}}"], mode=CAPTURE,
                then=lambda r: _keep_replaced(parsed, ctx, r, reference.normalize(repo), load))


def _keep_replaced(parsed: Parsed, ctx: Context, listing: Result, name: str, load: Plan) -> Plan:
    """docker keeps the image the name leaves, unnamed (shim/backends/nerdctl/dangling.py)."""
    from shim.backends.nerdctl.dangling import keep_argv, orphaned
    from shim.backends.nerdctl.lists import json_lines

    digest = orphaned(json_lines(listing.stdout), name)
    if not digest:
        return load
    return plan(parsed, ctx, keep_argv(base(ctx), name, digest), mode=CAPTURE, always_then=True,
                then=lambda _r: load)


def _platform(parsed: Parsed, machine: str = "") -> tuple[str, str]:
    """(os, architecture): --platform's, else the daemon host's (`machine`, uname's word: the remote's over ssh;
    else this one's), as docker's daemon defaults."""
    import platform

    given = parsed.text("platform")
    if given:
        os_name, _, arch = given.partition("/")
        return os_name or "linux", (arch.split("/", 1)[0] or "amd64")
    machine = machine or platform.machine()
    return "linux", _ARCH.get(machine, machine)
