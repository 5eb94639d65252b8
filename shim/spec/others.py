"""docker's other commands: everything docker 28 has beyond the 13 verbs and the commands pydock
emulates (inspect, version, info, build). A backend runs each one its own way, or refuses it in docker's
voice where it has no such command (the nerdctl backend: its support.py and passthrough.py).

Loaded only when a command is not one of the 13 verbs. The usage lines and summaries are docker 28.2.2's,
so help, completion and docs read like docker's; their flags are nerdctl's, which mirror docker's.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.spec import Command


# Every command path → (module of shim/spec/groups, the command's name there). Paths that are aliases of one
# docker command (`start`, `container start`) share its Command; the path is what help and errors print.
PATHS: dict[str, tuple[str, str]] = {
    'login': ('registry', 'login'),
    'logout': ('registry', 'logout'),
    'search': ('registry', 'search'),
    'attach': ('container', 'attach'),
    'container attach': ('container', 'attach'),
    'commit': ('container', 'commit'),
    'container commit': ('container', 'commit'),
    'cp': ('container', 'cp'),
    'container cp': ('container', 'cp'),
    'create': ('container', 'create'),
    'container create': ('container', 'create'),
    'diff': ('container', 'diff'),
    'container diff': ('container', 'diff'),
    'export': ('container', 'export'),
    'container export': ('container', 'export'),
    'kill': ('container', 'kill'),
    'container kill': ('container', 'kill'),
    'pause': ('container', 'pause'),
    'container pause': ('container', 'pause'),
    'port': ('container', 'port'),
    'container port': ('container', 'port'),
    'rename': ('container', 'rename'),
    'container rename': ('container', 'rename'),
    'restart': ('container', 'restart'),
    'container restart': ('container', 'restart'),
    'start': ('container', 'start'),
    'container start': ('container', 'start'),
    'stats': ('container', 'stats'),
    'container stats': ('container', 'stats'),
    'top': ('container', 'top'),
    'container top': ('container', 'top'),
    'unpause': ('container', 'unpause'),
    'container unpause': ('container', 'unpause'),
    'update': ('container', 'update'),
    'container update': ('container', 'update'),
    'wait': ('container', 'wait'),
    'container wait': ('container', 'wait'),
    'container prune': ('container', 'container prune'),
    'events': ('system', 'events'),
    'system events': ('system', 'events'),
    'system df': ('system', 'system df'),
    'system prune': ('system', 'system prune'),
    'import': ('image', 'import'),
    'image import': ('image', 'import'),
    'image prune': ('image', 'image prune'),
    'builder prune': ('builder', 'builder prune'),
    'checkpoint create': ('checkpoint', 'checkpoint create'),
    'checkpoint ls': ('checkpoint', 'checkpoint ls'),
    'checkpoint rm': ('checkpoint', 'checkpoint rm'),
    'context create': ('context', 'context create'),
    'context export': ('context', 'context export'),
    'context import': ('context', 'context import'),
    'context inspect': ('context', 'context inspect'),
    'context ls': ('context', 'context ls'),
    'context rm': ('context', 'context rm'),
    'context show': ('context', 'context show'),
    'context update': ('context', 'context update'),
    'context use': ('context', 'context use'),
    'manifest annotate': ('manifest', 'manifest annotate'),
    'manifest create': ('manifest', 'manifest create'),
    'manifest inspect': ('manifest', 'manifest inspect'),
    'manifest push': ('manifest', 'manifest push'),
    'manifest rm': ('manifest', 'manifest rm'),
    'network connect': ('network', 'network connect'),
    'network create': ('network', 'network create'),
    'network disconnect': ('network', 'network disconnect'),
    'network inspect': ('network', 'network inspect'),
    'network ls': ('network', 'network ls'),
    'network prune': ('network', 'network prune'),
    'network rm': ('network', 'network rm'),
    'plugin create': ('plugin', 'plugin create'),
    'plugin disable': ('plugin', 'plugin disable'),
    'plugin enable': ('plugin', 'plugin enable'),
    'plugin inspect': ('plugin', 'plugin inspect'),
    'plugin install': ('plugin', 'plugin install'),
    'plugin ls': ('plugin', 'plugin ls'),
    'plugin push': ('plugin', 'plugin push'),
    'plugin rm': ('plugin', 'plugin rm'),
    'plugin set': ('plugin', 'plugin set'),
    'plugin upgrade': ('plugin', 'plugin upgrade'),
    'trust inspect': ('trust', 'trust inspect'),
    'trust revoke': ('trust', 'trust revoke'),
    'trust sign': ('trust', 'trust sign'),
    'volume create': ('volume', 'volume create'),
    'volume inspect': ('volume', 'volume inspect'),
    'volume ls': ('volume', 'volume ls'),
    'volume prune': ('volume', 'volume prune'),
    'volume rm': ('volume', 'volume rm'),
    'volume update': ('volume', 'volume update'),
    'config create': ('swarm', 'config create'),
    'config inspect': ('swarm', 'config inspect'),
    'config ls': ('swarm', 'config ls'),
    'config rm': ('swarm', 'config rm'),
    'node demote': ('swarm', 'node demote'),
    'node inspect': ('swarm', 'node inspect'),
    'node ls': ('swarm', 'node ls'),
    'node promote': ('swarm', 'node promote'),
    'node ps': ('swarm', 'node ps'),
    'node rm': ('swarm', 'node rm'),
    'node update': ('swarm', 'node update'),
    'secret create': ('swarm', 'secret create'),
    'secret inspect': ('swarm', 'secret inspect'),
    'secret ls': ('swarm', 'secret ls'),
    'secret rm': ('swarm', 'secret rm'),
    'service create': ('swarm', 'service create'),
    'service inspect': ('swarm', 'service inspect'),
    'service logs': ('swarm', 'service logs'),
    'service ls': ('swarm', 'service ls'),
    'service ps': ('swarm', 'service ps'),
    'service rm': ('swarm', 'service rm'),
    'service rollback': ('swarm', 'service rollback'),
    'service scale': ('swarm', 'service scale'),
    'service update': ('swarm', 'service update'),
    'stack config': ('swarm', 'stack config'),
    'stack deploy': ('swarm', 'stack deploy'),
    'stack ls': ('swarm', 'stack ls'),
    'stack ps': ('swarm', 'stack ps'),
    'stack rm': ('swarm', 'stack rm'),
    'stack services': ('swarm', 'stack services'),
    'swarm ca': ('swarm', 'swarm ca'),
    'swarm init': ('swarm', 'swarm init'),
    'swarm join': ('swarm', 'swarm join'),
    'swarm join-token': ('swarm', 'swarm join-token'),
    'swarm leave': ('swarm', 'swarm leave'),
    'swarm unlock': ('swarm', 'swarm unlock'),
    'swarm unlock-key': ('swarm', 'swarm unlock-key'),
    'swarm update': ('swarm', 'swarm update'),
}

# Groups docker has only with an experimental daemon (which pydock never is): docker says so before it parses.
EXPERIMENTAL_GROUPS = ("checkpoint",)

# docker's management command groups beyond `container` and `image`, with their summaries.
GROUPS: dict[str, str] = {
    'builder': 'Manage builds',
    'checkpoint': 'Manage checkpoints',
    'container': 'Manage containers',
    'context': 'Manage contexts',
    'image': 'Manage images',
    'manifest': 'Manage Docker image manifests and manifest lists',
    'network': 'Manage networks',
    'plugin': 'Manage plugins',
    'system': 'Manage Docker',
    'trust': 'Manage trust on Docker images',
    'volume': 'Manage volumes',
    'config': 'Manage Swarm configs',
    'node': 'Manage Swarm nodes',
    'secret': 'Manage Swarm secrets',
    'service': 'Manage Swarm services',
    'stack': 'Manage Swarm stacks',
    'swarm': 'Manage Swarm',
}


def lookup(path: str) -> tuple[str, Command] | None:
    """The canonical path and Command for a docker command path or one of its aliases (`container list`),
    or None. Only that command's group module is imported."""
    canonical = path if path in PATHS else _ALIAS_OF.get(path)
    if canonical is None:
        return None
    group, name = PATHS[canonical]
    module = __import__(f"shim.spec.groups.{group}", fromlist=["COMMANDS"])
    return canonical, module.COMMANDS[name]


# Aliases docker accepts that it never prints (`container list` reads `container ls` in errors).
_ALIAS_OF: dict[str, str] = {
    'checkpoint list': 'checkpoint ls', 'checkpoint remove': 'checkpoint rm', 'context list': 'context ls',
    'context remove': 'context rm', 'network list': 'network ls', 'network remove': 'network rm',
    'plugin list': 'plugin ls', 'plugin remove': 'plugin rm', 'volume list': 'volume ls',
    'volume remove': 'volume rm', 'config list': 'config ls', 'config remove': 'config rm',
    'node list': 'node ls', 'node remove': 'node rm', 'secret list': 'secret ls', 'secret remove': 'secret rm',
    'service list': 'service ls', 'service remove': 'service rm', 'stack up': 'stack deploy',
    'stack list': 'stack ls', 'stack remove': 'stack rm', 'stack down': 'stack rm',
}


def commands() -> dict[str, Command]:
    """Every canonical path with its Command (loads every group module: help, completion and docs only)."""
    return {path: found[1] for path in PATHS if (found := lookup(path))}
