"""docker's other commands on nerdctl: the arguments go through untouched, after the global flags
(namespace, address, debug, config) are translated as for the 13 verbs. Failures are restated in docker's
words like the verbs'; commands nerdctl lacks are refused in docker's voice. Pure: nothing runs here."""

from __future__ import annotations

from shim.backends.nerdctl import errors
from shim.backends.nerdctl.common import NAME, base
from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context
    from shim.spec.others import Other

# What Docker Engine itself answers for swarm objects when the node is not in a swarm, as this one never is.
NOT_A_SWARM_MANAGER = ("Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or "
                       "\"docker swarm join\" to connect this node to swarm and try again.")


def refuse_lacking(path: str, entry: Other) -> None:
    """docker's kind of error for a command nerdctl does not have, exit 1 as docker's client errors."""
    if entry.nerdctl:
        return
    from shim.spec.others import WHY

    if entry.lacking == "swarm" and not path.startswith("swarm "):
        raise DockerError(NOT_A_SWARM_MANAGER, EXIT_GENERAL)
    raise DockerError(f"docker: 'docker {path}' is not supported by pydock's {NAME} backend: "
                      f"{WHY[entry.lacking]}", EXIT_GENERAL)


def translate_other(path: str, entry: Other, tail: list[str], ctx: Context) -> Plan:
    """nerdctl's command for a docker command path: same arguments, docker's error wording."""
    verb = path.rsplit(" ", 1)[-1]
    env = {"DOCKER_CONFIG": ctx.config} if ctx.config else None
    return Plan([*base(ctx), *entry.nerdctl, *tail], env=env, log_prefix=errors.LOG_PREFIX,
                restate=lambda r: errors.restate(r, verb=verb, path=path))
