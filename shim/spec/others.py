"""docker's other commands: everything docker 28 has beyond the 13 verbs and the commands pydock
emulates (inspect, version, info, build). A backend runs each one its own way, or refuses it in docker's
voice where it has no such command (the nerdctl backend: its support.py and passthrough.py).

Loaded only when a command is not one of the 13 verbs. The usage lines and summaries are docker 28.2.2's,
so help, completion and docs read like docker's; their flags are nerdctl's, which mirror docker's.
"""

from __future__ import annotations


class Other:
    """One of docker's other commands, as docker describes it: usage line, summary, the command paths it is
    known by. What a backend does with it is the backend's business (its support table)."""

    __slots__ = ("usage", "summary", "aliases")

    def __init__(self, usage: str, summary: str, aliases: tuple[str, ...]) -> None:
        self.usage, self.summary, self.aliases = usage, summary, aliases


COMMANDS: dict[str, Other] = {
    'login': Other('[OPTIONS] [SERVER]', 'Authenticate to a registry', ()),
    'logout': Other('[SERVER]', 'Log out from a registry', ()),
    'search': Other('[OPTIONS] TERM', 'Search Docker Hub for images', ()),
    'attach': Other('[OPTIONS] CONTAINER', 'Attach local standard input, output, and error streams to a running container', ('container attach', 'attach')),
    'commit': Other('[OPTIONS] CONTAINER [REPOSITORY[:TAG]]', "Create a new image from a container's changes", ('container commit', 'commit')),
    'cp': Other('[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-', 'Copy files/folders between a container and the local filesystem', ('container cp', 'cp')),
    'create': Other('[OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create a new container', ('container create', 'create')),
    'diff': Other('CONTAINER', "Inspect changes to files or directories on a container's filesystem", ('container diff', 'diff')),
    'events': Other('[OPTIONS]', 'Get real time events from the server', ('system events', 'events')),
    'export': Other('[OPTIONS] CONTAINER', "Export a container's filesystem as a tar archive", ('container export', 'export')),
    'import': Other('[OPTIONS] file|URL|- [REPOSITORY[:TAG]]', 'Import the contents from a tarball to create a filesystem image', ('image import', 'import')),
    'kill': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Kill one or more running containers', ('container kill', 'kill')),
    'pause': Other('CONTAINER [CONTAINER...]', 'Pause all processes within one or more containers', ('container pause', 'pause')),
    'port': Other('CONTAINER [PRIVATE_PORT[/PROTO]]', 'List port mappings or a specific mapping for the container', ('container port', 'port')),
    'rename': Other('CONTAINER NEW_NAME', 'Rename a container', ('container rename', 'rename')),
    'restart': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Restart one or more containers', ('container restart', 'restart')),
    'start': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Start one or more stopped containers', ('container start', 'start')),
    'stats': Other('[OPTIONS] [CONTAINER...]', 'Display a live stream of container(s) resource usage statistics', ('container stats', 'stats')),
    'top': Other('CONTAINER [ps OPTIONS]', 'Display the running processes of a container', ('container top', 'top')),
    'unpause': Other('CONTAINER [CONTAINER...]', 'Unpause all processes within one or more containers', ('container unpause', 'unpause')),
    'update': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Update configuration of one or more containers', ('container update', 'update')),
    'wait': Other('CONTAINER [CONTAINER...]', 'Block until one or more containers stop, then print their exit codes', ('container wait', 'wait')),
    'builder prune': Other('', 'Remove build cache', ()),
    'checkpoint create': Other('[OPTIONS] CONTAINER CHECKPOINT', 'Create a checkpoint from a running container', ()),
    'checkpoint ls': Other('[OPTIONS] CONTAINER', 'List checkpoints for a container', ('checkpoint ls', 'checkpoint list')),
    'checkpoint rm': Other('[OPTIONS] CONTAINER CHECKPOINT', 'Remove a checkpoint', ('checkpoint rm', 'checkpoint remove')),
    'container attach': Other('[OPTIONS] CONTAINER', 'Attach local standard input, output, and error streams to a running container', ('container attach', 'attach')),
    'container commit': Other('[OPTIONS] CONTAINER [REPOSITORY[:TAG]]', "Create a new image from a container's changes", ('container commit', 'commit')),
    'container cp': Other('[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-', 'Copy files/folders between a container and the local filesystem', ('container cp', 'cp')),
    'container create': Other('[OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create a new container', ('container create', 'create')),
    'container diff': Other('CONTAINER', "Inspect changes to files or directories on a container's filesystem", ('container diff', 'diff')),
    'container export': Other('[OPTIONS] CONTAINER', "Export a container's filesystem as a tar archive", ('container export', 'export')),
    'container kill': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Kill one or more running containers', ('container kill', 'kill')),
    'container pause': Other('CONTAINER [CONTAINER...]', 'Pause all processes within one or more containers', ('container pause', 'pause')),
    'container port': Other('CONTAINER [PRIVATE_PORT[/PROTO]]', 'List port mappings or a specific mapping for the container', ('container port', 'port')),
    'container prune': Other('[OPTIONS]', 'Remove all stopped containers', ()),
    'container rename': Other('CONTAINER NEW_NAME', 'Rename a container', ('container rename', 'rename')),
    'container restart': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Restart one or more containers', ('container restart', 'restart')),
    'container start': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Start one or more stopped containers', ('container start', 'start')),
    'container stats': Other('[OPTIONS] [CONTAINER...]', 'Display a live stream of container(s) resource usage statistics', ('container stats', 'stats')),
    'container top': Other('CONTAINER [ps OPTIONS]', 'Display the running processes of a container', ('container top', 'top')),
    'container unpause': Other('CONTAINER [CONTAINER...]', 'Unpause all processes within one or more containers', ('container unpause', 'unpause')),
    'container update': Other('[OPTIONS] CONTAINER [CONTAINER...]', 'Update configuration of one or more containers', ('container update', 'update')),
    'container wait': Other('CONTAINER [CONTAINER...]', 'Block until one or more containers stop, then print their exit codes', ('container wait', 'wait')),
    'context create': Other('[OPTIONS] CONTEXT', 'Create a context', ()),
    'context export': Other('[OPTIONS] CONTEXT [FILE|-]', 'Export a context to a tar archive FILE or a tar stream on STDOUT.', ()),
    'context import': Other('CONTEXT FILE|-', 'Import a context from a tar or zip file', ()),
    'context inspect': Other('[OPTIONS] [CONTEXT] [CONTEXT...]', 'Display detailed information on one or more contexts', ()),
    'context ls': Other('[OPTIONS]', 'List contexts', ('context ls', 'context list')),
    'context rm': Other('CONTEXT [CONTEXT...]', 'Remove one or more contexts', ('context rm', 'context remove')),
    'context show': Other('', 'Print the name of the current context', ()),
    'context update': Other('[OPTIONS] CONTEXT', 'Update a context', ()),
    'context use': Other('CONTEXT', 'Set the current docker context', ()),
    'image import': Other('[OPTIONS] file|URL|- [REPOSITORY[:TAG]]', 'Import the contents from a tarball to create a filesystem image', ('image import', 'import')),
    'image prune': Other('[OPTIONS]', 'Remove unused images', ()),
    'manifest annotate': Other('[OPTIONS] MANIFEST_LIST MANIFEST', 'Add additional information to a local image manifest', ()),
    'manifest create': Other('MANIFEST_LIST MANIFEST [MANIFEST...]', 'Create a local manifest list for annotating and pushing to a registry', ()),
    'manifest inspect': Other('[OPTIONS] [MANIFEST_LIST] MANIFEST', 'Display an image manifest, or manifest list', ()),
    'manifest push': Other('[OPTIONS] MANIFEST_LIST', 'Push a manifest list to a repository', ()),
    'manifest rm': Other('MANIFEST_LIST [MANIFEST_LIST...]', 'Delete one or more manifest lists from local storage', ()),
    'network connect': Other('[OPTIONS] NETWORK CONTAINER', 'Connect a container to a network', ()),
    'network create': Other('[OPTIONS] NETWORK', 'Create a network', ()),
    'network disconnect': Other('[OPTIONS] NETWORK CONTAINER', 'Disconnect a container from a network', ()),
    'network inspect': Other('[OPTIONS] NETWORK [NETWORK...]', 'Display detailed information on one or more networks', ()),
    'network ls': Other('[OPTIONS]', 'List networks', ('network ls', 'network list')),
    'network prune': Other('[OPTIONS]', 'Remove all unused networks', ()),
    'network rm': Other('NETWORK [NETWORK...]', 'Remove one or more networks', ('network rm', 'network remove')),
    'plugin create': Other('[OPTIONS] PLUGIN PLUGIN-DATA-DIR', 'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.', ()),
    'plugin disable': Other('[OPTIONS] PLUGIN', 'Disable a plugin', ()),
    'plugin enable': Other('[OPTIONS] PLUGIN', 'Enable a plugin', ()),
    'plugin inspect': Other('[OPTIONS] PLUGIN [PLUGIN...]', 'Display detailed information on one or more plugins', ()),
    'plugin install': Other('[OPTIONS] PLUGIN [KEY=VALUE...]', 'Install a plugin', ()),
    'plugin ls': Other('[OPTIONS]', 'List plugins', ('plugin ls', 'plugin list')),
    'plugin push': Other('[OPTIONS] PLUGIN[:TAG]', 'Push a plugin to a registry', ()),
    'plugin rm': Other('[OPTIONS] PLUGIN [PLUGIN...]', 'Remove one or more plugins', ('plugin rm', 'plugin remove')),
    'plugin set': Other('PLUGIN KEY=VALUE [KEY=VALUE...]', 'Change settings for a plugin', ()),
    'plugin upgrade': Other('[OPTIONS] PLUGIN [REMOTE]', 'Upgrade an existing plugin', ()),
    'system df': Other('[OPTIONS]', 'Show docker disk usage', ()),
    'system events': Other('[OPTIONS]', 'Get real time events from the server', ('system events', 'events')),
    'system prune': Other('[OPTIONS]', 'Remove unused data', ()),
    'trust inspect': Other('IMAGE[:TAG] [IMAGE[:TAG]...]', 'Return low-level information about keys and signatures', ()),
    'trust revoke': Other('[OPTIONS] IMAGE[:TAG]', 'Remove trust for an image', ()),
    'trust sign': Other('IMAGE:TAG', 'Sign an image', ()),
    'volume create': Other('[OPTIONS] [VOLUME]', 'Create a volume', ()),
    'volume inspect': Other('[OPTIONS] VOLUME [VOLUME...]', 'Display detailed information on one or more volumes', ()),
    'volume ls': Other('[OPTIONS]', 'List volumes', ('volume ls', 'volume list')),
    'volume prune': Other('[OPTIONS]', 'Remove unused local volumes', ()),
    'volume rm': Other('[OPTIONS] VOLUME [VOLUME...]', 'Remove one or more volumes', ('volume rm', 'volume remove')),
    'volume update': Other('[OPTIONS] [VOLUME]', 'Update a volume (cluster volumes only)', ()),
    'config create': Other('[OPTIONS] CONFIG file|-', 'Create a config from a file or STDIN', ()),
    'config inspect': Other('[OPTIONS] CONFIG [CONFIG...]', 'Display detailed information on one or more configs', ()),
    'config ls': Other('[OPTIONS]', 'List configs', ('config ls', 'config list')),
    'config rm': Other('CONFIG [CONFIG...]', 'Remove one or more configs', ('config rm', 'config remove')),
    'node demote': Other('NODE [NODE...]', 'Demote one or more nodes from manager in the swarm', ()),
    'node inspect': Other('[OPTIONS] self|NODE [NODE...]', 'Display detailed information on one or more nodes', ()),
    'node ls': Other('[OPTIONS]', 'List nodes in the swarm', ('node ls', 'node list')),
    'node promote': Other('NODE [NODE...]', 'Promote one or more nodes to manager in the swarm', ()),
    'node ps': Other('[OPTIONS] [NODE...]', 'List tasks running on one or more nodes, defaults to current node', ()),
    'node rm': Other('[OPTIONS] NODE [NODE...]', 'Remove one or more nodes from the swarm', ('node rm', 'node remove')),
    'node update': Other('[OPTIONS] NODE', 'Update a node', ()),
    'secret create': Other('[OPTIONS] SECRET [file|-]', 'Create a secret from a file or STDIN as content', ()),
    'secret inspect': Other('[OPTIONS] SECRET [SECRET...]', 'Display detailed information on one or more secrets', ()),
    'secret ls': Other('[OPTIONS]', 'List secrets', ('secret ls', 'secret list')),
    'secret rm': Other('SECRET [SECRET...]', 'Remove one or more secrets', ('secret rm', 'secret remove')),
    'service create': Other('[OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create a new service', ()),
    'service inspect': Other('[OPTIONS] SERVICE [SERVICE...]', 'Display detailed information on one or more services', ()),
    'service logs': Other('[OPTIONS] SERVICE|TASK', 'Fetch the logs of a service or task', ()),
    'service ls': Other('[OPTIONS]', 'List services', ('service ls', 'service list')),
    'service ps': Other('[OPTIONS] SERVICE [SERVICE...]', 'List the tasks of one or more services', ()),
    'service rm': Other('SERVICE [SERVICE...]', 'Remove one or more services', ('service rm', 'service remove')),
    'service rollback': Other('[OPTIONS] SERVICE', "Revert changes to a service's configuration", ()),
    'service scale': Other('SERVICE=REPLICAS [SERVICE=REPLICAS...]', 'Scale one or multiple replicated services', ()),
    'service update': Other('[OPTIONS] SERVICE', 'Update a service', ()),
    'stack config': Other('[OPTIONS]', 'Outputs the final config file, after doing merges and interpolations', ()),
    'stack deploy': Other('[OPTIONS] STACK', 'Deploy a new stack or update an existing stack', ('stack deploy', 'stack up')),
    'stack ls': Other('[OPTIONS]', 'List stacks', ('stack ls', 'stack list')),
    'stack ps': Other('[OPTIONS] STACK', 'List the tasks in the stack', ()),
    'stack rm': Other('[OPTIONS] STACK [STACK...]', 'Remove one or more stacks', ('stack rm', 'stack remove', 'stack down')),
    'stack services': Other('[OPTIONS] STACK', 'List the services in the stack', ()),
    'swarm ca': Other('[OPTIONS]', 'Display and rotate the root CA', ()),
    'swarm init': Other('[OPTIONS]', 'Initialize a swarm', ()),
    'swarm join': Other('[OPTIONS] HOST:PORT', 'Join a swarm as a node and/or manager', ()),
    'swarm join-token': Other('[OPTIONS] (worker|manager)', 'Manage join tokens', ()),
    'swarm leave': Other('[OPTIONS]', 'Leave the swarm', ()),
    'swarm unlock': Other('', 'Unlock swarm', ()),
    'swarm unlock-key': Other('[OPTIONS]', 'Manage the unlock key', ()),
    'swarm update': Other('[OPTIONS]', 'Update the swarm', ()),
}

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


def lookup(path: str) -> tuple[str, Other] | None:
    """The canonical path and entry for a docker command path or one of its aliases, or None."""
    if path in COMMANDS:
        return path, COMMANDS[path]
    for canonical, entry in COMMANDS.items():
        if path in entry.aliases:
            return canonical, entry
    return None
