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
from shim import run_record as recorded
from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import (
    base,
    content_trust,
    flag_args,
    payload,
    plan,
    reads_user_terminal,
    restated,
    terminal_stdin,
)
from shim.errors import DockerError, daemon_error
from shim.labels import AUTOREMOVE_LABEL, DETACHED_LABEL, EXPOSE_LABEL, IMAGE_LABEL, STDIN_LABEL, USER_LABEL
from shim.plan import CAPTURE, DETACH, HOLD, INHERIT, KEEP, KILL, PTY, RELAY, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.backends.nerdctl.run_lookups import Found
    from shim.parse import Parsed
    from shim.plan import Result


NOT_A_TTY = "the input device is not a TTY"
ATTACH_AND_DETACH = "conflicting options: cannot specify both --attach and --detach"


def needs_terminal(parsed: Parsed, ctx: Context) -> bool:
    """docker CLI's CheckTty: only a client that attaches its stdin (`-i`, or `-a stdin` for run) to a
    container terminal (`-t`) needs stdin to be a terminal; `-t` alone, or detached, never does."""
    if parsed.get("tty") is not True or parsed.get("detach") is True or ctx.stdin_tty:
        return False
    attach = parsed.get("attach") or []
    return parsed.get("interactive") is True or any(str(a).lower() == "stdin" for a in attach)  # type: ignore[union-attr]


def check_tty(parsed: Parsed, ctx: Context) -> None:
    """docker refuses an attached `-it` without a terminal, in the client, before it creates anything."""
    if needs_terminal(parsed, ctx):
        raise DockerError(NOT_A_TTY, 1)


def translate_run(parsed: Parsed, ctx: Context) -> Plan | Done:
    """The plan for `docker run`: docker's own pull first when the image is missing (it says
    "Unable to find image … locally" and prints its pull lines on stderr), then the lookups -P and
    --link need, then the container. An image ID is looked up first (image_ids): nerdctl would take it
    for a name on Docker Hub."""
    content_trust(parsed)
    check_tty(parsed, ctx)
    from shim.client_checks import check_run

    env_files = [f"--env={entry}" for entry in check_run(parsed)]  # before -e, which overrides them
    if parsed.get("detach") is True and parsed.get("attach"):
        raise DockerError(ATTACH_AND_DETACH, 1)  # docker's client, once the options are read
    known = [*env_files, *checked(parsed)]
    from shim.backends.nerdctl.image_ids import resolved

    return resolved(parsed, ctx, [parsed.args[0]], lambda found: pull_then_run(parsed, ctx, found[0], known))


def pull_then_run(parsed: Parsed, ctx: Context, image: str, known: list[str], make: Callable | None = None) -> Plan:
    """`image` is the image as typed, or a name of the image a typed ID stands for. `make` builds the container
    command from (parsed, ctx, image, flags): `run`'s own plan, or create's (create.py)."""
    make = make or _run_plan
    if parsed.text("name"):
        from shim.backends.nerdctl.stale_names import release_if_stale

        release_if_stale(ctx, parsed.text("name"))  # a reservation a killed nerdctl left
    if parsed.get("publish-all") is True or parsed.get("link"):
        from shim.backends.nerdctl.run_lookups import gather, link_flags, link_warning, publish_flags

        parent, named = _parent_name(parsed, parsed.args[0]) if parsed.get("link") else ("", [])
        known = [*known, *named]

        def with_found(found: Found) -> Plan:
            created = make(parsed, ctx, image, [*known, *publish_flags(parsed, found),
                                                *link_flags(parsed, found, parent)])
            created.announce = link_warning(parsed) + created.announce  # Engine 29 warns as it creates
            return created

        shown = make(parsed, ctx, image, known)  # what --dry-run lists after the lookups
        container = gather(parsed, ctx, image, with_found)
        assert isinstance(container, Plan)
        container.later = (*container.later, *shown.commands())
    else:
        container = make(parsed, ctx, image, known)
    if parsed.text("pull", "missing") != "missing" or parsed.get("quiet") is True:
        return container
    from shim.backends.nerdctl.images import check_then_pull

    platform = [f"--platform={parsed.get('platform')}"] if parsed.get("platform") else []

    def start(lines: str) -> Plan:
        container.announce = lines
        return container

    return check_then_pull(parsed, ctx, image, finish=start, missing_only=True, flags=platform,
                           afterwards=tuple(container.commands()),
                           notice=f"Unable to find image '{reference.familiar(image)}' locally\n")


def checked(parsed: Parsed) -> list[str]:
    """docker's client-side checks of what nerdctl would take or lack, the flags that pass them on, and
    the labels that keep what docker's inspect shows: `--expose` (its ports, ranges expanded)."""
    cgroupns = parsed.get("cgroupns") or ""
    if cgroupns not in ("", "host", "private"):
        raise daemon_error("--cgroupns: invalid CGROUP mode", parsed.path, run_like=True)
    known = [f"--cgroupns={cgroupns}"] if cgroupns else []  # "" is the daemon's default, as nerdctl's
    if parsed.get("link"):
        from shim.backends.nerdctl.run_lookups import check_link_network

        check_link_network(parsed)
    if not parsed.get("expose"):
        return known
    from shim.exposed import expose_ports

    exposed = expose_ports(list(parsed.get("expose")), parsed.path)  # type: ignore[arg-type]
    return [*known, f"--label={EXPOSE_LABEL}={','.join(exposed)}"]


def _parent_name(parsed: Parsed, image: str) -> tuple[str, list[str]]:
    """The new container's name, which a link's NAME variable holds (/parent/alias): as given, or one
    pydock picks the way nerdctl would (image name and five hex digits) and passes on."""
    given = parsed.text("name")
    if given:
        return given, []
    import os

    path = reference.split(image)[1] if not image.startswith("sha256:") else ""
    name = f"{path.rsplit('/', 1)[-1] or 'untitled'}-{os.urandom(3).hex()[:5]}"
    return name, [f"--name={name}"]


def container_flags(parsed: Parsed, extra: list[str], *, remote: bool = False) -> list[str]:
    """nerdctl's flags for run's and create's: `extra` before the user's (docker lets `-e` override link
    variables), and docker's static init binary for --init. Over ssh (`remote`) no /.dockerenv: its source
    is a file of this machine's, which the remote host may not have."""
    from shim.backends.nerdctl.dockerenv import mount

    init = ["--init", "--init-binary=docker-init"] if parsed.get("init") is True else []
    if not remote:
        return [*extra, *flag_args(parsed), *init, *mount()]
    from shim.client_checks import check_label_files

    # files named here are read here: the label files' entries as --label, the ID file written by pydock
    files = ("--label-file=", "--cidfile=")
    flags = [f for f in flag_args(parsed) if not f.startswith(files)]
    return [*extra, *(f"--label={entry}" for entry in check_label_files(parsed)), *flags, *init]


def labels(parsed: Parsed) -> list[str]:
    """The labels keeping what docker shows and containerd does not record: the image as typed, and more."""
    return [f"--label={IMAGE_LABEL}={parsed.args[0]}", *_recorded(parsed), *recorded.labels(parsed)]


def _run_plan(parsed: Parsed, ctx: Context, image: str, extra: list[str]) -> Plan:
    """The nerdctl run; attached with a health check over ssh, its keeper first."""
    from shim.backends.nerdctl import health_keeper

    if ctx.remote is not None and parsed.get("detach") is not True and (health_keeper.wants_keeper(parsed) or
                                                                         parsed.text("cidfile")):
        return _followed_over_ssh(parsed, ctx, image, extra)
    return _container_plan(parsed, ctx, image, extra)


def _container_plan(parsed: Parsed, ctx: Context, image: str, extra: list[str], *, keeper: bool = True) -> Plan:
    """The nerdctl run (with a health check's keeper, unless `keeper` is False: it runs already)."""
    prefix, flags = base(ctx), container_flags(parsed, extra, remote=ctx.remote is not None)

    def make_plan(argv: list[str], **kw: object) -> Plan:
        return plan(parsed, ctx, argv, **kw, **attached_streams(parsed), **signal_handling(parsed, ctx))

    detach, remove = parsed.get("detach") is True, parsed.get("rm") is True
    interactive, tty = parsed.get("interactive") is True, parsed.get("tty") is True
    command = payload(parsed.args[1:])  # args[0], the image as typed, is in the labels; `image` is its name
    label = labels(parsed)
    rm = ["--rm"] if remove else []

    if detach and interactive and not tty:
        return _held(parsed, ctx, make_plan, [*prefix, "run", *[a for a in flags if a != "--detach"], *label],
                     [*rm, image, *command], remove=remove)
    if detach and ctx.remote is not None and parsed.text("cidfile"):
        # over ssh nerdctl's --cidfile would write on the remote: pydock writes the ID it prints, here
        argv = [*prefix, "run", *flags, *label, image, *command]
        path = parsed.text("cidfile")
        if remove:
            return make_plan(argv, mode=CAPTURE, later=([*prefix, "wait", "<ID>"], [*prefix, "rm", "--force", "<ID>"]),
                             then=lambda r: _remove_when_done(_id_written(r, path), prefix, parsed))
        return make_plan(argv, mode=CAPTURE, then=lambda r: _keep_health(
            _last_line(_id_written(r, path)), prefix, parsed, Done(0, r.stdout.decode())))
    if detach and remove:
        # locally by an ID file: a container that was made but could not start is removed, as docker's daemon does
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx) if ctx.remote is None else ([], "", ())
        argv = [*prefix, "run", *flags, *label, *cid_flag, image, *command]
        waiter = ([*prefix, "wait", "<ID>"], [*prefix, "rm", "--force", "<ID>"])

        def started(result: Result) -> Plan | Done:
            if result.code == 0:
                return _remove_when_done(result, prefix, parsed)
            return _not_started(result, parsed, ctx, cidfile, remove=True)
        return make_plan(argv, mode=CAPTURE, cleanup=cleanup, always_then=bool(cidfile), then=started, later=waiter)
    if detach and ctx.remote is None and not interactive and not _health_checked(parsed):
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
        argv = [*prefix, "run", *flags, *label, *cid_flag, image, *command]
        return make_plan(argv, cleanup=cleanup, always_then=True,
                         then=lambda r: Done(0) if r.code == 0 else _not_started(r, parsed, ctx, cidfile))
    if interactive and not tty and not detach and ctx.remote is not None and parsed.get("sig-proxy") is not False:
        return _attached_over_ssh(parsed, ctx, make_plan, [*prefix, "run", *flags, *label, *rm], [image, *command],
                                  reads=not ctx.stdin_tty)
    if interactive and not tty and not detach and not ctx.stdin_tty:
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
        argv = [*prefix, "run", *flags, *label, *cid_flag, *rm, image, *command]
        probe = [*prefix, "container", "inspect", "--format", "{{.State.Status}}", "{cid}"]
        return make_plan(argv, stdin=RELAY, stdin_gate=(probe, ("", "created")), cidfile=cidfile,
                         cleanup=cleanup)
    argv = [*prefix, "run", *flags, *label, *rm, image, *command]
    pty = tty and not detach and not ctx.stdin_tty
    if keeper and _health_checked(parsed):
        return _with_health_keeper(parsed, ctx, [*flags, *label], [*rm, image, *command], PTY if pty else INHERIT)
    if tty and not detach:
        # nerdctl's -t proxies no signal (and dies of it): pydock proxies them with `nerdctl kill`, by the cidfile;
        # over ssh by the container's name (an ID file would be written on the remote), as _attached_over_ssh does
        if ctx.remote is not None:
            target, cid_flag = _parent_name(parsed, parsed.args[0])
            cidfile, cleanup = "", ()
        else:
            cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
            target = "{cid}"
        argv = [*prefix, "run", *flags, *label, *cid_flag, *_configured_detach_keys(parsed, ctx), *rm, image,
                *command]
        return make_plan(argv, stdin=terminal_stdin(parsed, ctx) or (PTY if pty else INHERIT), cidfile=cidfile,
                         cleanup=cleanup, proxy_kill=(*prefix, "kill", "--signal={sig}", target))
    if ctx.remote is not None and not detach and parsed.get("sig-proxy") is not False:
        return _attached_over_ssh(parsed, ctx, make_plan, [*prefix, "run", *flags, *label, *rm], [image, *command])
    return make_plan(argv, stdin=PTY if pty else INHERIT)


def _health_checked(parsed: Parsed) -> bool:
    return bool(parsed.get("health-cmd")) and parsed.get("no-healthcheck") is not True


def _not_started(result: Result, parsed: Parsed, ctx: Context, cidfile: str, *, remove: bool = False) -> Plan | Done:
    """A detached run that failed: when nerdctl made the container but could not start it, docker has printed its
    ID before the error (and, with --rm, removed it); one never made prints nothing. nerdctl writes the ID file
    before it makes the container, so pydock asks whether it is there."""
    failed = restated(parsed)(result)
    try:
        with open(cidfile, encoding="ascii") as f:
            cid = f.read().strip()
    except OSError:
        cid = ""
    if not cid:
        return failed
    shown = Done(failed.code, f"{cid}\n", failed.stderr)

    def made(answer: Result) -> Plan | Done:
        if answer.code != 0:
            return failed
        if not remove:
            return shown
        return Plan([*base(ctx), "rm", "--force", cid], CAPTURE, env=_env(ctx), log_prefix=errors.LOG_PREFIX,
                    always_then=True, then=lambda _r: shown)
    return Plan([*base(ctx), "container", "inspect", "--format", "{{.ID}}", cid], CAPTURE, env=_env(ctx),
                log_prefix=errors.LOG_PREFIX, always_then=True, then=made)


def _env(ctx: Context) -> dict[str, str] | None:
    return {"DOCKER_CONFIG": ctx.config} if ctx.config else None


def _attached_over_ssh(parsed: Parsed, ctx: Context, make_plan: Callable[..., Plan], head: list[str],
                       tail: list[str], *, reads: bool = False) -> Plan:
    """An attached run over the ssh transport: a signal to ssh would end the connection and leave the container
    running, so pydock proxies it as docker's client does, by `nerdctl kill` on the remote, naming the container
    (a name pydock picks when none is given, as nerdctl would). `reads` (-i on a pipe or file): the end of stdin
    is held back until the container runs, as locally, by the container's name (the ID file would be the
    remote's)."""
    name, name_flag = _parent_name(parsed, parsed.args[0])
    kill = {"signals": KILL, "own_group": True, "proxy_kill": (*base(ctx), "kill", "--signal={sig}", name)}
    if not reads:
        return make_plan([*head, *name_flag, *tail], **kill)
    probe = [*base(ctx), "container", "inspect", "--format", "{{.State.Status}}", name]
    return make_plan([*head, *name_flag, *tail], stdin=RELAY, stdin_gate=(probe, ("", "created")), **kill)


def _held(parsed: Parsed, ctx: Context, make_plan: Callable[..., Plan], head: list[str], tail: list[str], *,
          remove: bool) -> Plan:
    """`run -d -i` (nerdctl refuses it): a background process runs it attached, its stdin held open; pydock answers
    once the container runs, so that a `ps` right after lists it as docker's would. Locally the container is found
    by the ID file nerdctl writes; over the ssh transport (the file would be the remote's) by its name, stdin being
    ssh's, and the user's --cidfile is written here with the ID printed."""
    if ctx.remote is None:
        cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
        probe = [*base(ctx), "container", "inspect", "--format", "{{.State.Status}}", "{cid}"]

        def held(result: Result) -> Plan | Done:
            if result.code == 0:
                return Done(0, result.stdout.decode())
            # with --rm nerdctl's attached run has removed a container it could not start: no telling it was made
            return restated(parsed)(result) if remove else _not_started(result, parsed, ctx, cidfile)
        return make_plan([*head, *cid_flag, *tail], mode=HOLD, cidfile=cidfile, cleanup=cleanup,
                         stdin_gate=(probe, ("", "created")), always_then=True, then=held)
    name, name_flag = _parent_name(parsed, parsed.args[0])
    probe = [*base(ctx), "container", "inspect", "--format", "{{.Id}} {{.State.Status}}", name]
    path = parsed.text("cidfile")

    def started(result: Result) -> Done:
        return Done(0, (_id_written(result, path) if path else result).stdout.decode())

    held = make_plan([*head, *name_flag, *tail], mode=HOLD, cidfile=f"{ctx.scratch}.cid",
                     stdin_gate=(probe, ("", "created")), then=started)

    def looked(result: Result) -> Plan:
        # a container of that name already: the run fails at once, as locally (found by name, it would be taken
        # for the new one)
        return make_plan([*head, *name_flag, *tail], mode=CAPTURE) if result.code == 0 else held

    return make_plan(probe, mode=CAPTURE, always_then=True, then=looked, restate=None, later=tuple(held.commands()))


def _followed_over_ssh(parsed: Parsed, ctx: Context, image: str, extra: list[str]) -> Plan:
    """An attached run over the ssh transport with a health check or a --cidfile: processes of pydock's here follow
    the container by the name it is about to take (one pydock picks when none is given): the health keeper, whose
    checks run over ssh, and the writer of the ID file (cid_writer.py). Unless that name is taken already (the run
    then fails as locally, and nothing is written), they start first, then the run as without them."""
    from shim.backends.nerdctl import cid_writer, errors, health_keeper

    if not parsed.text("name"):  # taken by container_flags as if given, and by _parent_name for signals
        parsed.values["name"] = _parent_name(parsed, parsed.args[0])[0]
    name, prefix = parsed.text("name"), base(ctx)
    run = _container_plan(parsed, ctx, image, extra, keeper=False)
    chain = []
    if parsed.text("cidfile"):
        chain.append(cid_writer.argv(parsed.text("cidfile"), [*prefix, "container", "inspect", "--format", "{{.Id}}",
                                                               name]))
    if health_keeper.wants_keeper(parsed):
        chain.append(health_keeper.keeper_argv(health_keeper.interval_seconds(parsed), prefix, name))
    followed = Plan([], DETACH, chain=tuple(chain), then=lambda _r: run, later=tuple(run.commands()))

    def looked(result: Result) -> Plan:
        return run if result.code == 0 and result.stdout.strip() else followed

    return Plan([*prefix, "container", "inspect", "--format", "{{.Id}}", name], CAPTURE, log_prefix=errors.LOG_PREFIX,
                always_then=True, then=looked, later=tuple(run.commands()))


def _configured_detach_keys(parsed: Parsed, ctx: Context) -> list[str]:
    """docker's config.json `detachKeys` for nerdctl, which reads only its flag (`--detach-keys` wins)."""
    if parsed.get("interactive") is not True or parsed.get("detach-keys") or not ctx.stdin_tty:
        return []
    from shim.detach_keys import configured

    keys = configured(ctx.config)
    return [f"--detach-keys={keys}"] if keys else []


def attached_streams(parsed: Parsed) -> dict[str, str]:
    """`-a`: pydock attaches the streams itself (nerdctl's `-a` with stdin never ends). docker attaches stdin
    with `-i` (or `-a stdin`, though only `-i` keeps the container's stdin open, which nerdctl's `-i` does),
    and stdout and stderr only when named; the streams not named are dropped (with `-t` there is one)."""
    named = {str(a).lower() for a in parsed.get("attach") or []}  # type: ignore[union-attr]
    if not named or parsed.get("tty") is True:
        return {}
    return {"stdout_to": "" if "stdout" in named else "null", "stderr_to": "" if "stderr" in named else "null"}


def signal_handling(parsed: Parsed, ctx: Context) -> dict[str, object]:
    """An attached run's signals as docker's client treats them (shim/signal_rules.py). `--sig-proxy=false`: the
    client stays attached through SIGINT and SIGTERM (the third one ends it) and dies of the others, the container
    running on; nerdctl's would die of the first. `-t`: docker proxies every signal; nerdctl's `-t` proxies none and
    dies of it, so pydock proxies with `nerdctl kill`. nerdctl runs in a process group of its own, out of reach of
    the terminal's Ctrl-C, unless it reads the user's terminal itself (`-i` without `-t`)."""
    if parsed.get("detach") is True:
        return {}
    # with -t nerdctl is on a terminal of pydock's (relayed to the user's: shim/pty_relay.py); with -i alone it
    # reads the user's terminal, which a process group out of the terminal's foreground could not
    tty = parsed.get("tty") is True
    own_group = tty or not reads_user_terminal(parsed, ctx)
    if parsed.get("sig-proxy") is False:
        return {"signals": KEEP, "own_group": own_group}
    if tty:  # docker proxies with a terminal too; nerdctl does not
        return {"signals": KILL, "own_group": True}
    return {}


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
    given = parsed.text("cidfile")
    if given:
        return [], given, ()
    path = f"{ctx.scratch}.cid"
    return [f"--cidfile={path}"], path, (path,)


def _id_written(result: Result, path: str) -> Result:
    """The --cidfile of a run over ssh, written on this machine with the ID the remote printed (docker's client
    writes it likewise, having checked no such file was there: client_checks.check_run)."""
    import os

    cid = result.stdout.decode().strip().splitlines()[-1]
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise DockerError(f"failed to create the container ID file: open {path}: {(e.strerror or '').lower()}",
                          125) from None
    with open(fd, "w", encoding="ascii") as f:
        f.write(cid)
    return result


def _last_line(result: Result) -> str:
    return result.stdout.decode().strip().splitlines()[-1]


def _remove_when_done(result: Result, prefix: list[str], parsed: Parsed) -> Plan:
    cid = _last_line(result)
    chain = ([*prefix, "wait", cid], [*prefix, "rm", "--force", cid])
    return Plan([], DETACH, chain=chain, then=lambda _r: _keep_health(cid, prefix, parsed, Done(0, cid + "\n")))


def _keep_health(cid: str, prefix: list[str], parsed: Parsed, done: Done) -> Plan | Done:
    from shim.backends.nerdctl import health_keeper

    if not health_keeper.wants_keeper(parsed):
        return done
    return health_keeper.then_keep(health_keeper.interval_seconds(parsed), prefix, cid, done)


def _with_health_keeper(parsed: Parsed, ctx: Context, flags: list[str], tail: list[str], stdin: str) -> Plan:
    """Docker's daemon runs a container's health checks; nerdctl needs systemd for that, so pydock starts
    a keeper: after `run -d` prints the ID, or, attached, first, finding the container by its cidfile."""
    from shim.backends.nerdctl import health_keeper

    prefix = base(ctx)
    if parsed.get("detach") is True:
        def started(result: Result) -> Plan | Done:
            out = result.stdout.decode()
            return _keep_health(out.strip().splitlines()[-1], prefix, parsed, Done(0, out))
        return plan(parsed, ctx, [*prefix, "run", *flags, *tail], mode=CAPTURE, then=started)
    cid_flag, cidfile, cleanup = _cidfile(parsed, ctx)
    run = plan(parsed, ctx, [*prefix, "run", *flags, *cid_flag, *tail], stdin=stdin, cleanup=cleanup)
    return health_keeper.keep_first(parsed, prefix, f"@{cidfile}", run)
