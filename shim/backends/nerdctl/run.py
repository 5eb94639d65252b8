"""docker run → nerdctl run, with the emulations nerdctl needs to behave like docker:

- `-d --rm` (nerdctl refuses it): start detached, and a background waiter removes the container.
- `-d -i` without `-t` (nerdctl refuses it): a background process runs it attached, holding stdin open.
- `-t` without a terminal on stdin (nerdctl insists on one): give nerdctl a pseudo-terminal.
- `-i` with piped input: nerdctl loses an end of input that arrives before the container's task
  exists, and the container never ends; pydock passes stdin on and closes it once the task runs.
- the image as typed is kept in a label, so that `ps` can show it as docker does.
"""

from __future__ import annotations

from shim import reference
from shim.backends.nerdctl.common import base, content_trust, flag_args, plan
from shim.backends.nerdctl.views import AUTOREMOVE_LABEL, DETACHED_LABEL, IMAGE_LABEL, STDIN_LABEL, USER_LABEL
from shim.errors import DockerError
from shim.plan import CAPTURE, DETACH, HOLD, INHERIT, PTY, RELAY, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def check_tty(parsed: Parsed, ctx: Context) -> None:
    """docker refuses `-it` without a terminal, in the client, before it creates anything."""
    if parsed.get("tty") is True and parsed.get("interactive") is True and not ctx.stdin_tty:
        raise DockerError("the input device is not a TTY", 1)


def translate_run(parsed: Parsed, ctx: Context) -> Plan:
    """The plan for `docker run`: docker's own pull first when the image is missing (it says
    "Unable to find image … locally" and prints its pull lines on stderr), then the container."""
    content_trust(parsed)
    check_tty(parsed, ctx)
    container = _run_plan(parsed, ctx)
    if str(parsed.get("pull") or "missing") != "missing" or parsed.get("quiet") is True:
        return container
    from shim.backends.nerdctl.images import check_then_pull

    image = parsed.args[0]
    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []

    def start(lines: str) -> Plan:
        container.announce = lines
        return container

    return check_then_pull(parsed, ctx, image, finish=start, missing_only=True, flags=platform,
                           afterwards=tuple(container.commands()),
                           notice=f"Unable to find image '{reference.familiar(image)}' locally\n")


def _run_plan(parsed: Parsed, ctx: Context) -> Plan:
    prefix, flags = base(ctx), flag_args(parsed)
    if parsed.get("init") is True:
        flags = [*flags, "--init", "--init-binary=docker-init"]

    def make_plan(argv: list[str], **kw: object) -> Plan:
        return plan(parsed, ctx, argv, **kw)

    detach, remove = parsed.get("detach") is True, parsed.get("rm") is True
    interactive, tty = parsed.get("interactive") is True, parsed.get("tty") is True
    image, *command = parsed.args
    label = [f"--label={IMAGE_LABEL}={image}", *_recorded(parsed)]
    rm = ["--rm"] if remove else []

    if detach and interactive and not tty:
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
        attached = [a for a in flags if a != "--detach"]
        argv = [*prefix, "run", *attached, *label, *cid_flag, *rm, image, *command]
        probe = [*prefix, "container", "inspect", "--format", "{{.State.Status}}", "{cid}"]
        # answer once it runs, so that a `ps` right after lists it as docker's would
        return make_plan(argv, mode=HOLD, cidfile=cidfile, cleanup=cleanup, stdin_gate=(probe, ("", "created")),
                         then=lambda r: Done(0, r.stdout.decode()))
    if detach and remove:
        argv = [*prefix, "run", *flags, *label, image, *command]
        waiter = ([*prefix, "wait", "<ID>"], [*prefix, "rm", "--force", "<ID>"])
        return make_plan(argv, mode=CAPTURE, then=lambda r: _remove_when_done(r, prefix), later=waiter)
    if interactive and not tty and not detach and not ctx.stdin_tty:
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
        argv = [*prefix, "run", *flags, *label, *cid_flag, *rm, image, *command]
        probe = [*prefix, "container", "inspect", "--format", "{{.State.Status}}", "{cid}"]
        return make_plan(argv, stdin=RELAY, stdin_gate=(probe, ("", "created")), cidfile=cidfile,
                         cleanup=cleanup)
    argv = [*prefix, "run", *flags, *label, *rm, image, *command]
    pty = tty and not detach and not ctx.stdin_tty
    return make_plan(argv, stdin=PTY if pty else INHERIT)


def _recorded(parsed: Parsed) -> list[str]:
    """Labels keeping what docker's inspect shows and containerd does not record (Config.OpenStdin,
    AttachStdout, User, HostConfig.AutoRemove), only where they differ from the default."""
    out = []
    if parsed.get("interactive") is True:
        out.append(f"--label={STDIN_LABEL}=open")
    if parsed.get("detach") is True:
        out.append(f"--label={DETACHED_LABEL}=true")
        if parsed.get("rm") is True:  # nerdctl does not know pydock removes it (clients skip their own rm)
            out.append(f"--label={AUTOREMOVE_LABEL}=true")
    if parsed.get("user"):
        out.append(f"--label={USER_LABEL}={parsed.get('user')}")
    return out


def _cidfile(parsed: Parsed, ctx: Context) -> tuple[list[str], str, tuple[str, ...]]:
    """(flag to add, path, files to remove): the user's --cidfile, or a scratch file of pydock's."""
    given = str(parsed.get("cidfile") or "")
    if given:
        return [], given, ()
    path = f"{ctx.scratch}.cid"
    return [f"--cidfile={path}"], path, (path,)


def _remove_when_done(result: Result, prefix: list[str]) -> Plan:
    cid = result.stdout.decode().strip().splitlines()[-1]
    chain = ([*prefix, "wait", cid], [*prefix, "rm", "--force", cid])
    return Plan([], DETACH, chain=chain, then=lambda _r: Done(0, cid + "\n"))
