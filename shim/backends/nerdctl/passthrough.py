"""docker's other commands on nerdctl: the arguments go through untouched, after the global flags
(namespace, address, debug, config) are translated as for the 13 verbs. Failures are restated in docker's
words like the verbs'; where nerdctl's output differs from docker's in ways scripts read, shim/backends/
nerdctl/adjust.py rewrites it. Commands nerdctl lacks are refused in docker's voice. Pure: nothing runs here.
"""

from __future__ import annotations

from shim.backends.nerdctl import adjust, create, errors
from shim.backends.nerdctl.common import NAME, base
from shim.backends.nerdctl.support import other_command
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import CAPTURE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.plan import Result
    from shim.spec.others import Other

# What Docker Engine itself answers for swarm objects when the node is not in a swarm, as this one never is.
NOT_A_SWARM_MANAGER = ("Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or "
                       "\"docker swarm join\" to connect this node to swarm and try again.")


def refuse_lacking(path: str, entry: Other) -> None:
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
_COMMIT_VALUED = ("-a", "--author", "-c", "--change", "-m", "--message")
UNTAGGED_COMMIT = ("docker: 'docker commit' without REPOSITORY[:TAG] is not supported by pydock's nerdctl backend: "
                   "containerd keeps no image without a name; give one (docker commit CONTAINER NAME[:TAG])")


def _untagged_commit(path: str, container: str, ctx: Context, env: dict[str, str] | None) -> Plan:
    def answer(result: Result) -> Done:
        if result.code != 0:
            return errors.restate(result, verb="commit", path=path, names=(container,))
        return Done(EXIT_GENERAL, stderr=UNTAGGED_COMMIT)

    probe = [*base(ctx), "container", "inspect", "--format", "{{.ID}}", container]
    return Plan(probe, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True, then=answer)


def translate_other(path: str, entry: Other, tail: list[str], ctx: Context) -> Plan | Done:
    """nerdctl's command for a docker command path: same arguments, docker's output and error wording."""
    if path in create.PATHS:  # an image ID is looked up first, as for run
        return create.with_image_resolved(path, tail, ctx, lambda given: _translate(path, entry, given, ctx))
    return _translate(path, entry, tail, ctx)


def _translate(path: str, entry: Other, tail: list[str], ctx: Context) -> Plan:
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    if path in ("kill", "container kill", "wait", "container wait"):
        from shim.backends.nerdctl import looked_up

        return looked_up.translate(path, tail, ctx, env)
    if path in ("commit", "container commit"):
        args = adjust.positionals(tail, _COMMIT_VALUED)
        if len(args) == 1:
            return _untagged_commit(path, args[0], ctx, env)
    extra, rewrite_output = adjust.output_rewrite(path, tail, base(ctx))
    argv = [*base(ctx), *other_command(path), *extra, *adjust.backend_tail(path, tail)]
    fix_errors = adjust.ERRORS.get(path, adjust.unchanged)

    names = tuple(adjust.positionals(tail, ()))

    def restate(result: Result) -> Done:
        return fix_errors(tail, errors.restate(result, verb=path.rsplit(" ", 1)[-1], path=path, names=names))

    if rewrite_output is not None:
        # Output that scripts read differs from docker's: capture it and print docker's instead.
        return Plan(argv, CAPTURE, env=env, log_prefix=errors.LOG_PREFIX, always_then=True,
                    then=lambda r: rewrite_output(r, tail, restate(r)))
    return Plan(argv, env=env, log_prefix=errors.LOG_PREFIX, restate=restate)
