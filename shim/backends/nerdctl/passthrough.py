"""docker's other commands on nerdctl, where no module of this backend translates them itself: parsed by
docker's spec like the verbs, they run as nerdctl's command of the same words (support.py's RENAMED
otherwise), each flag as support.py says (passed, renamed, refused before anything runs; emulated ones
reach adjust.py's rewrites). Failures are restated in docker's words like the verbs'; where nerdctl's
output differs from docker's in ways scripts read, adjust.py rewrites it. Commands nerdctl lacks are
refused in docker's voice. Pure: nothing runs here.
"""

from __future__ import annotations

from shim.backends.nerdctl import adjust, errors
from shim.backends.nerdctl.common import NAME, base, flag_args
from shim.backends.nerdctl.support import other_command
from shim.daemon_errors import NOT_A_SWARM_MANAGER
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.backends import Context
    from shim.parse import Parsed
    from shim.plan import Result


def refuse_lacking(path: str) -> None:
    """docker's kind of error for a command nerdctl does not have, exit 1 as docker's client errors."""
    from shim.backends.nerdctl.support import LACKING, WHY

    lacking = LACKING.get(path)
    if lacking is None:
        return
    if lacking == "swarm" and not path.startswith("swarm "):
        raise DockerError(NOT_A_SWARM_MANAGER, EXIT_GENERAL)
    raise DockerError(f"docker: 'docker {path}' is not supported by pydock's {NAME} backend: "
                      f"{WHY[lacking]}", EXIT_GENERAL)


# `commit CONTAINER` with no REPOSITORY makes an untagged image in docker; containerd keeps no image without a
# name, so nerdctl insists on one. pydock still answers for a missing container first, as docker does.
UNTAGGED_COMMIT = ("docker: 'docker commit' without REPOSITORY[:TAG] is not supported by pydock's nerdctl backend: "
                   "containerd keeps no image without a name; give one (docker commit CONTAINER NAME[:TAG])")


def _untagged_commit(path: str, container: str, ctx: Context, env: dict[str, str] | None) -> Plan:
    def answer(result: Result) -> Done:
        if result.code != 0:
            return errors.restate(result, verb="commit", path=path, names=(container,))
        return Done(EXIT_GENERAL, stderr=UNTAGGED_COMMIT)

    probe = [*base(ctx), "container", "inspect", "--format", "{{.ID}}", container]
    return Plan(probe, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=answer)


def tail_of(parsed: Parsed) -> list[str]:
    """The parsed command as nerdctl's arguments: flags as common.flag_args gives them, emulated ones kept for
    adjust.py's rewrites, then the positionals (after `--` when one looks like a flag: `top c -ef`)."""
    dash = ["--"] if any(a.startswith("-") and a != "-" for a in parsed.args) else []
    return [*flag_args(parsed, emulated=True), *dash, *parsed.args]


def translate_other(parsed: Parsed, ctx: Context) -> Plan | Done:
    """nerdctl's command for one of docker's other command paths, with docker's output and error wording."""
    path = parsed.path
    tail = tail_of(parsed)
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    if path in ("kill", "container kill", "wait", "container wait"):
        from shim.backends.nerdctl import looked_up

        return looked_up.translate(path, tail, ctx, env)
    if path in ("commit", "container commit") and len(parsed.args) == 1:
        return _untagged_commit(path, parsed.args[0], ctx, env)
    if path.endswith(" prune") and parsed.get("force") is not True:
        from shim import prune

        question = prune.warning(parsed)
        parsed.values["force"] = True  # once agreed, nerdctl asks nothing more
        return prune.ask(question, lambda: translate_other(parsed, ctx), [*base(ctx), *other_command(path), "--force"])
    extra, rewrite_output = adjust.output_rewrite(path, tail, base(ctx))
    argv = [*base(ctx), *other_command(path), *extra, *adjust.backend_tail(path, tail)]
    fix_errors = adjust.ERRORS.get(path, adjust.unchanged)
    names = tuple(parsed.args)

    def restate(result: Result) -> Done:
        return fix_errors(tail, errors.restate(result, verb=path.rsplit(" ", 1)[-1], path=path, names=names))

    if path in ("stats", "container stats") and not parsed.args:
        from shim.backends.nerdctl import stats_all

        return stats_all.translate(parsed, ctx, env, restate)  # nerdctl's own listing of all panics
    if path in ("cp", "container cp") and ctx.remote is not None and len(parsed.args) == 2:
        from shim.backends.nerdctl import cp_remote

        return cp_remote.translate(adjust._cp_side(parsed.args[0]), adjust._cp_side(parsed.args[1]), ctx, restate,
                                   archive=parsed.get("archive") is True, follow=parsed.get("follow-link") is True)
    if path == "login" and ctx.remote is not None:
        restate = _stored_remotely(restate, ctx)
    if path == "login" and parsed.text("password"):
        from shim.backends.nerdctl import login

        return login.with_password([*base(ctx), *other_command(path)], tail, parsed.text("password"), env=env,
                                   log_prefix=errors.LOG_PREFIX, restate=restate,
                                   ask_username=not parsed.text("username"))
    if path in ("events", "system events") and ctx.remote is not None:
        # a stream until Ctrl-C, which docker's client dies of (130): over ssh pydock ends so at once, as `logs -f`
        # does, rather than pass the signal to ssh (its exit would be ssh's 255), and ssh's hang-up ends the remote
        from shim.plan import FOLLOW

        return Plan(argv, env=env, log_prefix=errors.LOG_PREFIX, restate=restate, signals=FOLLOW, own_group=True)
    if rewrite_output is not None:
        # Output that scripts read differs from docker's: capture it and print docker's instead.
        return Plan(argv, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                    then=lambda r: rewrite_output(r, tail, restate(r)))
    return Plan(argv, env=env, log_prefix=errors.LOG_PREFIX, restate=restate)


def _stored_remotely(restate: Callable[[Result], Done], ctx: Context) -> Callable[[Result], Done]:
    """A login over the ssh transport: nerdctl stores the credentials on the remote host; pydock says so, as a user
    would otherwise look for them in this machine's config.json."""
    def said(result: Result) -> Done:
        done = restate(result)
        if done.code == 0:
            host = ctx.remote[0].host  # type: ignore[index]
            note = (f"pydock: the credentials are stored on the remote host {host}, in the docker config there (its "
                    "user's ~/.docker, or the folder DOCKER_CONFIG or --config names); this machine's is unchanged\n")
            done = Done(done.code, done.stdout, done.stderr + ("\n" if done.stderr and not
                                                              done.stderr.endswith("\n") else "") + note)
        return done

    return said

