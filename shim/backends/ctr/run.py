"""docker run on ctr: `ctr run` with docker's semantics added where ctr's differ.

- ctr takes a command as the whole process (docker keeps the image's ENTRYPOINT and replaces its CMD), so
  the process is composed here from the image's config;
- ctr names nothing: the container gets a 64-hex ID and nerdctl's `nerdctl/name` label (given or a random
  docker-style name), so that `nerdctl ps` and this backend's `ps` both show the name;
- ctr does not pull: a missing image is pulled first, with docker's "Unable to find image" notice;
- a foreground run's task is deleted by ctr when it ends; the exit code and time are kept in a label
  (listing.EXITED_LABEL) for ps; -d's output goes to docker's json-file log through pydock's logger
  (log_driver.py).
"""

from __future__ import annotations

import os

from shim import reference
from shim.backends.ctr.common import NAME, address, base, check_terminal, daemon_failure, messages, plan
from shim.backends.ctr.listing import EXITED_LABEL, NAME_LABEL, name_of, records
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_CANNOT_INVOKE, EXIT_DAEMON, EXIT_NOT_FOUND, daemon_error, unsupported_value
from shim.labels import IMAGE_LABEL
from shim.plan import INHERIT, PREPARE, RELAY, TERMINAL_OUTPUT, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result

HOOK_FAILED = "pydock: failed to set up the container's network: "  # shim/cni_hook.py's one line
LOG_DIR = "/var/lib/pydock/ctr-logs"  # -d's file log where nerdctl keeps no data store: <namespace>/<id>.log


def translate_run(parsed: Parsed, ctx: Context) -> Plan:
    from shim.client_checks import check_run

    env = [*check_run(parsed), *_env_values(list(parsed.get("env") or []))]
    check_terminal(parsed, ctx)
    from shim.backends.ctr.network import mode

    mode(parsed)  # refuses what ctr cannot join, before anything runs
    from shim.backends.ctr.run_mounts import mounts as run_mounts

    mounts = run_mounts(parsed)
    image = parsed.args[0]
    return Plan([], PREPARE, then=lambda _r: _prepared(parsed, ctx, image, env, mounts, pulled=False),
                later=([*base(ctx), "run", "…", reference.normalize(image), "<ID>", *parsed.args[1:]],))


def _env_values(entries: list[str]) -> list[str]:
    """-e as docker's client reads it: a bare NAME takes the value it has here, and is left out when unset."""
    out = []
    for entry in entries:
        if "=" in entry:
            out.append(entry)
        elif entry in os.environ:
            out.append(f"{entry}={os.environ[entry]}")
    return out


# docker's daemon's rule for container names, [a-zA-Z0-9][a-zA-Z0-9_.-]+ (without re on this path)
_NAME_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NAME_REST = _NAME_FIRST | frozenset("_.-")


def valid_name(name: str) -> bool:
    """Whether docker's daemon takes `name` for a container (two characters at least)."""
    return len(name) > 1 and name[0] in _NAME_FIRST and all(c in _NAME_REST for c in name[1:])


def _prepared(parsed: Parsed, ctx: Context, image: str, env: list[str], mounts: list[str], *,
              pulled: bool) -> Plan | Done:
    from shim.backends.ctr.images import read_images, resolve

    found = read_images(ctx)
    name, digest = resolve(found, image)
    if not name:
        if pulled:
            raise daemon_error(f"No such image: {reference.familiar(image)}", parsed.path,
                               run_like=parsed.command.name == "run")
        return _pull_first(parsed, ctx, image, env, mounts)
    from shim.backends.ctr.network import check_network

    if ctx.remote is None:  # over ssh the remote's networks, read with its other facts (remote_network.py)
        check_network(parsed, ctx.namespace)
    containers, _ = records(ctx)
    taken = {name_of(c): c.id for c in containers}
    wanted = parsed.text("name").removeprefix("/")  # docker's daemon drops the slash it prints names with
    if wanted and not valid_name(wanted):
        raise daemon_error(f"Error response from daemon: Invalid container name ({wanted}), only "
                           "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", parsed.path, run_like=parsed.command.name == "run")
    if wanted and wanted in taken:
        raise daemon_error(f'Error response from daemon: Conflict. The container name "/{wanted}" is already in '
                           f'use by container "{taken[wanted]}". You have to remove (or rename) that container to be '
                           "able to reuse that name.", parsed.path, run_like=parsed.command.name == "run")
    from shim.backends.ctr.random_names import fresh_name

    config = _config(ctx, digest)
    run = _run_plan(parsed, ctx, name, config, wanted or fresh_name(set(taken)), env, mounts)
    if pulled:  # docker's implicit pull prints its lines on stderr, without the reference line
        from shim.output.pulls import pull_lines

        run.announce = pull_lines(image, "", digest, reference_line=False)
    from shim.backends.ctr.network import discarded_ports

    run.announce += discarded_ports(parsed)
    return run


def _pull_first(parsed: Parsed, ctx: Context, image: str, env: list[str], mounts: list[str]) -> Plan:
    """docker's implicit pull: the notice on stderr, the pull, then the run (which prints the pull's lines)."""
    from shim.backends.ctr.registry_auth import registry_flags

    full = reference.normalize(image)

    argv = [*base(ctx), "images", "pull", *registry_flags(full, ctx.config, ctx.scratch), full]
    notice = f"Unable to find image '{reference.familiar(image)}' locally\n"

    def failed(result: Result) -> Done:
        from shim.backends.ctr.images import pull_words

        said = daemon_failure(result, words=lambda m: pull_words(m, full)).stderr.rstrip("\n")
        verb = parsed.path.rpartition(" ")[2]  # docker's run and create point at their help
        return Done(EXIT_DAEMON, "", f"docker: {said}\n\nRun 'docker {verb} --help' for more information\n")

    return plan(argv, ctx, stdout_to="null", announce=notice, restate=failed,
                then=lambda _r: _prepared(parsed, ctx, image, env, mounts, pulled=True))


def _config(ctx: Context, target: str) -> dict:
    from shim.backends.ctr.state import image_config

    return image_config(address(ctx), ctx.namespace, target)


def process_args(parsed: Parsed, config: dict) -> list[str]:
    """docker's process: --entrypoint (or the image's) and the command given (or the image's CMD, which an
    --entrypoint resets)."""
    given = parsed.get("entrypoint")
    entry = ([given] if given else []) if isinstance(given, str) else list(config.get("Entrypoint") or [])
    command = parsed.args[1:]
    if not command and not isinstance(given, str):
        command = list(config.get("Cmd") or [])
    return [*entry, *command]


def _run_plan(parsed: Parsed, ctx: Context, image: str, config: dict, name: str, env: list[str],
              mounts: list[str]) -> Plan:
    import secrets
    import time

    from shim.backends.ctr.run_mounts import with_init

    args = process_args(parsed, config)
    if not args:
        raise daemon_error("no command specified", parsed.path, run_like=True)
    args = with_init(parsed, args)
    cid = secrets.token_hex(32)
    detach = parsed.get("detach") is True
    flags = _flags(parsed, ctx, cid, name, env, mounts, config)
    from shim.backends.ctr.spec_edits import wanted

    if parsed.command.name == "create" or wanted(parsed):  # made by `ctr containers create` (lifecycle.py)
        from shim.backends.ctr.lifecycle import create_plan

        return create_plan(parsed, ctx, flags, [image, cid, *args], cid)
    argv = [*base(ctx), "run", *flags, image, cid, *args]
    if detach and parsed.get("rm") is True:  # removed when it ends, by a waiter (auto_remove.py)
        from shim.backends.ctr.auto_remove import remove_when_done, removing_on_failure

        return plan(argv, ctx, restate=removing_on_failure(ctx, address(ctx), cid, _run_failed(parsed)),
                    then=lambda _r: remove_when_done(ctx, address(ctx), cid))
    if detach:
        return plan(argv, ctx, restate=_run_failed(parsed), then=lambda _r: Done(0, cid + "\n"))
    io = {**_stdin(parsed, ctx, cid), **_signals_over_ssh(parsed, ctx, cid)}
    if parsed.get("rm") is True:
        return plan(argv, ctx, **io, restate=_run_failed(parsed), then=lambda r: Done(r.code))

    def exited(result: Result) -> Plan | Done:
        if messages(result):  # ctr's own failure (the task did not start), not the container's exit code
            return _run_failed(parsed)(result)
        label = f"{EXITED_LABEL}={result.code},{time.time():.3f}"
        return plan([*base(ctx), "containers", "label", cid, label], ctx, stdout_to="null",
                     then=lambda _r: Done(result.code))

    return plan(argv, ctx, **io, always_then=True, then=exited)


def _stdin(parsed: Parsed, ctx: Context, cid: str) -> dict:
    """What the container reads. ctr closes its stdin at our end of input only once its task exists (before,
    the end is lost and a reader waits forever), so pydock relays stdin (or, without -i, an empty one) and
    holds the end back until `ctr tasks ps` finds the task. A terminal is ctr's own."""
    if parsed.get("tty") is True and not ctx.stdin_tty and parsed.get("detach") is not True:
        return {"stdin": TERMINAL_OUTPUT}  # ctr's -t needs a console: a private one pydock relays
    if parsed.get("tty") is True or (ctx.stdin_tty and parsed.get("interactive") is True):
        return {"stdin": INHERIT}
    cidfile = f"{ctx.scratch}.cid"
    fd = os.open(cidfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(cid)
    probe = [*base(ctx), "tasks", "ps", "{cid}"]
    return {"stdin": RELAY, "stdin_file": "" if parsed.get("interactive") is True else os.devnull,
            "stdin_gate": (probe, ("",)), "cidfile": cidfile, "cleanup": (cidfile,)}


def _signals_over_ssh(parsed: Parsed, ctx: Context, cid: str) -> dict:
    """Over the ssh transport a signal to ssh would end the connection, not reach ctr: pydock passes it to the
    container with `ctr tasks kill` on the remote, as docker's client proxies it (a terminal's keys reach the
    remote terminal as they are)."""
    if ctx.remote is None or parsed.get("tty") is True or parsed.get("sig-proxy") is False:
        return {}
    from shim.plan import KILL

    return {"signals": KILL, "own_group": True,
            "proxy_kill": (*base(ctx), "tasks", "kill", "--signal={sig}", cid)}


def _flags(parsed: Parsed, ctx: Context, cid: str, name: str, env: list[str], mounts: list[str],
           config: dict) -> list[str]:
    flags = []
    if parsed.get("rm") is True and parsed.get("detach") is not True:  # ctr's --rm waits; -d's: auto_remove.py
        flags.append("--rm")
    if parsed.get("detach") is True and ctx.remote is not None:  # containerd's file log on the remote
        from shim.backends.ctr import over_ssh

        flags += over_ssh.detached_flags(ctx.namespace, cid)
    elif parsed.get("detach") is True:  # docker's json-file log, in nerdctl's layout
        from shim.backends.ctr.log_driver import detached_flags

        flags += detached_flags(address(ctx), ctx.namespace, cid)
    if parsed.get("tty") is True:
        flags.append("--tty")
    from shim.backends.ctr import network

    host = network.mode(parsed) == "host"
    if host:
        flags.append("--net-host")
    hostname = parsed.text("hostname") or ("" if host else cid[:12])  # docker's default: the short ID
    if hostname:
        flags.append(f"--hostname={hostname}")
    if network.uses_cni(parsed) and ctx.remote is not None:  # the remote's network, its sh hooks (issue #16)
        from shim.backends.ctr import remote_network

        flags += remote_network.prepare(parsed, ctx, (cid, name), hostname, config)
    elif network.uses_cni(parsed):  # nerdctl's labels and files, the CNI hooks (network.py)
        flags += network.prepare(parsed, address(ctx), ctx.namespace, (cid, name), hostname, config)
    if parsed.text("workdir"):
        flags.append(f"--cwd={parsed.text('workdir')}")
    if parsed.text("user"):
        flags.append(f"--user={parsed.text('user')}")
    flags += _limits(parsed)
    flags += [f"--env={e}" for e in env]
    flags += [f"--mount={m}" for m in mounts]
    flags += [f"--label={NAME_LABEL}={name}", f"--label={IMAGE_LABEL}={parsed.args[0]}"]
    flags += [f"--label={label}" for label in list(parsed.get("label") or [])]
    from shim.backends.ctr.run_labels import inspect_labels

    flags += inspect_labels(parsed)
    return flags


def _limits(parsed: Parsed) -> list[str]:
    """Privileges and resource limits ctr run can express."""
    flags = []
    if parsed.get("privileged") is True:
        flags.append("--privileged")
    if parsed.get("read-only") is True:
        flags.append("--read-only")
    for flag in ("cap-add", "cap-drop"):
        for cap in list(parsed.get(flag) or []):
            name = str(cap).upper()
            if name == "ALL":
                raise unsupported_value(f"--{flag} ALL (ctr takes capabilities by name)", NAME)
            flags.append(f"--{flag}={name if name.startswith('CAP_') else 'CAP_' + name}")
    if parsed.get("memory"):
        flags.append(f"--memory-limit={int(parsed.get('memory'))}")  # type: ignore[call-overload]
    if parsed.get("cpus"):
        flags.append(f"--cpus={parsed.get('cpus')}")
    from shim.backends.ctr.run_mounts import rlimits

    return flags + rlimits(parsed)


def invocation_code(message: str) -> int:
    """docker run's exit code for a task that did not start: 127 when its command is not found, 126 when it
    cannot be run (a directory, no execute permission), 125 for anything else."""
    if "executable file not found" in message or "no such file" in message:
        return EXIT_NOT_FOUND
    if "unable to start container process" in message and "permission denied" in message:
        return EXIT_CANNOT_INVOKE
    return EXIT_DAEMON


def networking_words(message: str) -> str:
    """A task that did not start for its CNI hook (shim/cni_hook.py, remote_hook.py): the hook's own words, as
    docker's daemon says them; any other message as it is."""
    if HOOK_FAILED not in message:
        return message
    return f"{DAEMON}failed to set up container networking: {message.split(HOOK_FAILED, 1)[1].strip()}"


def _run_failed(parsed: Parsed):
    def restate(result: Result) -> Done:
        if result.code and not messages(result):
            return Done(result.code)  # the container's own exit code
        message = networking_words(daemon_failure(result).stderr.strip() or "Error response from daemon: ctr run "
                                   "failed")
        code = invocation_code(message)
        return Done(code, "", f"docker: {message}\n\nRun 'docker run --help' for more information\n")
    return restate
