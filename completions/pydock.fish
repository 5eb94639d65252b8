# fish completion for pydock, and for docker when docker is pydock.
# Generated from pydock's spec by `python -m shim.completion.generate --write`: do not edit.
# Use: put this file in ~/.config/fish/completions/ (`pydock completion --install`), or `source` it.

set -g __pydock_global_valued '|--config|--context|-c|--host|-H|--log-level|-l|--tlscacert|--tlscert|--tlskey|--backend|--namespace|'

function __pydock_top
    printf '%s\t%s\n' 'attach' 'Attach local standard input, output, and error streams to a running container'
    printf '%s\t%s\n' 'build' 'Build an image from a Dockerfile'
    printf '%s\t%s\n' 'builder' 'Manage builds'
    printf '%s\t%s\n' 'checkpoint' 'Manage checkpoints'
    printf '%s\t%s\n' 'commit' 'Create a new image from a container\'s changes'
    printf '%s\t%s\n' 'completion' 'Print a completion script for bash, zsh or fish, or install it for your shell.'
    printf '%s\t%s\n' 'config' 'Manage Swarm configs'
    printf '%s\t%s\n' 'container' 'Manage containers'
    printf '%s\t%s\n' 'context' 'Manage contexts'
    printf '%s\t%s\n' 'cp' 'Copy files/folders between a container and the local filesystem'
    printf '%s\t%s\n' 'create' 'Create a new container'
    printf '%s\t%s\n' 'daemon' 'Run containerd without systemd.'
    printf '%s\t%s\n' 'diff' 'Inspect changes to files or directories on a container\'s filesystem'
    printf '%s\t%s\n' 'doctor' 'Check the stack: versions, containerd, backend, namespace, version skew. Exits 1 when broken.'
    printf '%s\t%s\n' 'events' 'Get real time events from the server'
    printf '%s\t%s\n' 'exec' 'Execute a command in a running container'
    printf '%s\t%s\n' 'export' 'Export a container\'s filesystem as a tar archive'
    printf '%s\t%s\n' 'history' 'Show the history of an image'
    printf '%s\t%s\n' 'image' 'Manage images'
    printf '%s\t%s\n' 'images' 'List images'
    printf '%s\t%s\n' 'import' 'Import the contents from a tarball to create a filesystem image'
    printf '%s\t%s\n' 'info' 'Display system-wide information'
    printf '%s\t%s\n' 'inspect' 'Return low-level information on Docker objects'
    printf '%s\t%s\n' 'install' 'Install containerd, runc, CNI plugins and nerdctl (or, with --docker-shim, a `docker` command).'
    printf '%s\t%s\n' 'kill' 'Kill one or more running containers'
    printf '%s\t%s\n' 'load' 'Load an image from a tar archive or STDIN'
    printf '%s\t%s\n' 'login' 'Authenticate to a registry'
    printf '%s\t%s\n' 'logout' 'Log out from a registry'
    printf '%s\t%s\n' 'logs' 'Fetch the logs of a container'
    printf '%s\t%s\n' 'manifest' 'Manage Docker image manifests and manifest lists'
    printf '%s\t%s\n' 'network' 'Manage networks'
    printf '%s\t%s\n' 'node' 'Manage Swarm nodes'
    printf '%s\t%s\n' 'pause' 'Pause all processes within one or more containers'
    printf '%s\t%s\n' 'plugin' 'Manage plugins'
    printf '%s\t%s\n' 'port' 'List port mappings or a specific mapping for the container'
    printf '%s\t%s\n' 'ps' 'List containers'
    printf '%s\t%s\n' 'pull' 'Download an image from a registry'
    printf '%s\t%s\n' 'push' 'Upload an image to a registry'
    printf '%s\t%s\n' 'rename' 'Rename a container'
    printf '%s\t%s\n' 'restart' 'Restart one or more containers'
    printf '%s\t%s\n' 'rm' 'Remove one or more containers'
    printf '%s\t%s\n' 'rmi' 'Remove one or more images'
    printf '%s\t%s\n' 'run' 'Create and run a new container from an image'
    printf '%s\t%s\n' 'save' 'Save one or more images to a tar archive (streamed to STDOUT by default)'
    printf '%s\t%s\n' 'search' 'Search Docker Hub for images'
    printf '%s\t%s\n' 'secret' 'Manage Swarm secrets'
    printf '%s\t%s\n' 'service' 'Manage Swarm services'
    printf '%s\t%s\n' 'stack' 'Manage Swarm stacks'
    printf '%s\t%s\n' 'start' 'Start one or more stopped containers'
    printf '%s\t%s\n' 'stats' 'Display a live stream of container(s) resource usage statistics'
    printf '%s\t%s\n' 'stop' 'Stop one or more running containers'
    printf '%s\t%s\n' 'swarm' 'Manage Swarm'
    printf '%s\t%s\n' 'system' 'Manage Docker'
    printf '%s\t%s\n' 'tag' 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'
    printf '%s\t%s\n' 'top' 'Display the running processes of a container'
    printf '%s\t%s\n' 'trust' 'Manage trust on Docker images'
    printf '%s\t%s\n' 'uninstall' 'Remove what `pydock install --docker-shim` wrote.'
    printf '%s\t%s\n' 'unpause' 'Unpause all processes within one or more containers'
    printf '%s\t%s\n' 'update' 'Update configuration of one or more containers'
    printf '%s\t%s\n' 'version' 'Show the Docker version information'
    printf '%s\t%s\n' 'volume' 'Manage volumes'
    printf '%s\t%s\n' 'wait' 'Block until one or more containers stop, then print their exit codes'
end

function __pydock_global_flags
    printf '%s\t%s\n' '--config' 'Location of client config files'
    printf '%s\t%s\n' '--context' 'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")'
    printf '%s\t%s\n' '-c' 'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "docker context use")'
    printf '%s\t%s\n' '--debug' 'Enable debug mode'
    printf '%s\t%s\n' '-D' 'Enable debug mode'
    printf '%s\t%s\n' '--host' 'Daemon socket to connect to'
    printf '%s\t%s\n' '-H' 'Daemon socket to connect to'
    printf '%s\t%s\n' '--log-level' 'Set the logging level ("debug", "info", "warn", "error", "fatal")'
    printf '%s\t%s\n' '-l' 'Set the logging level ("debug", "info", "warn", "error", "fatal")'
    printf '%s\t%s\n' '--tls' 'Use TLS; implied by --tlsverify'
    printf '%s\t%s\n' '--tlscacert' 'Trust certs signed only by this CA'
    printf '%s\t%s\n' '--tlscert' 'Path to TLS certificate file'
    printf '%s\t%s\n' '--tlskey' 'Path to TLS key file'
    printf '%s\t%s\n' '--tlsverify' 'Use TLS and verify the remote'
    printf '%s\t%s\n' '--version' 'Print version information and quit'
    printf '%s\t%s\n' '-v' 'Print version information and quit'
    printf '%s\t%s\n' '--dry-run' 'Print the backend command(s) pydock would run, and run nothing'
    printf '%s\t%s\n' '--backend' 'Backend to drive: nerdctl (env PYDOCK_BACKEND)'
    printf '%s\t%s\n' '--namespace' 'containerd namespace, e.g. "k8s.io" for Kubernetes (env CONTAINERD_NAMESPACE)'
end

# The subcommands of a management group, or failure for a word that is no group.
function __pydock_group
    switch $argv[1]
        case builder
            printf '%s\t%s\n' 'build' 'Build an image from a Dockerfile'
            printf '%s\t%s\n' 'prune' 'Remove build cache'
        case checkpoint
            printf '%s\t%s\n' 'create' 'Create a checkpoint from a running container'
            printf '%s\t%s\n' 'list' 'List checkpoints for a container'
            printf '%s\t%s\n' 'ls' 'List checkpoints for a container'
            printf '%s\t%s\n' 'remove' 'Remove a checkpoint'
            printf '%s\t%s\n' 'rm' 'Remove a checkpoint'
        case config
            printf '%s\t%s\n' 'create' 'Create a config from a file or STDIN'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more configs'
            printf '%s\t%s\n' 'list' 'List configs'
            printf '%s\t%s\n' 'ls' 'List configs'
            printf '%s\t%s\n' 'remove' 'Remove one or more configs'
            printf '%s\t%s\n' 'rm' 'Remove one or more configs'
        case container
            printf '%s\t%s\n' 'attach' 'Attach local standard input, output, and error streams to a running container'
            printf '%s\t%s\n' 'commit' 'Create a new image from a container\'s changes'
            printf '%s\t%s\n' 'cp' 'Copy files/folders between a container and the local filesystem'
            printf '%s\t%s\n' 'create' 'Create a new container'
            printf '%s\t%s\n' 'diff' 'Inspect changes to files or directories on a container\'s filesystem'
            printf '%s\t%s\n' 'exec' 'Execute a command in a running container'
            printf '%s\t%s\n' 'export' 'Export a container\'s filesystem as a tar archive'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more containers'
            printf '%s\t%s\n' 'kill' 'Kill one or more running containers'
            printf '%s\t%s\n' 'list' 'List containers'
            printf '%s\t%s\n' 'logs' 'Fetch the logs of a container'
            printf '%s\t%s\n' 'ls' 'List containers'
            printf '%s\t%s\n' 'pause' 'Pause all processes within one or more containers'
            printf '%s\t%s\n' 'port' 'List port mappings or a specific mapping for the container'
            printf '%s\t%s\n' 'prune' 'Remove all stopped containers'
            printf '%s\t%s\n' 'ps' 'List containers'
            printf '%s\t%s\n' 'remove' 'Remove one or more containers'
            printf '%s\t%s\n' 'rename' 'Rename a container'
            printf '%s\t%s\n' 'restart' 'Restart one or more containers'
            printf '%s\t%s\n' 'rm' 'Remove one or more containers'
            printf '%s\t%s\n' 'run' 'Create and run a new container from an image'
            printf '%s\t%s\n' 'start' 'Start one or more stopped containers'
            printf '%s\t%s\n' 'stats' 'Display a live stream of container(s) resource usage statistics'
            printf '%s\t%s\n' 'stop' 'Stop one or more running containers'
            printf '%s\t%s\n' 'top' 'Display the running processes of a container'
            printf '%s\t%s\n' 'unpause' 'Unpause all processes within one or more containers'
            printf '%s\t%s\n' 'update' 'Update configuration of one or more containers'
            printf '%s\t%s\n' 'wait' 'Block until one or more containers stop, then print their exit codes'
        case context
            printf '%s\t%s\n' 'create' 'Create a context'
            printf '%s\t%s\n' 'export' 'Export a context to a tar archive FILE or a tar stream on STDOUT.'
            printf '%s\t%s\n' 'import' 'Import a context from a tar or zip file'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more contexts'
            printf '%s\t%s\n' 'list' 'List contexts'
            printf '%s\t%s\n' 'ls' 'List contexts'
            printf '%s\t%s\n' 'remove' 'Remove one or more contexts'
            printf '%s\t%s\n' 'rm' 'Remove one or more contexts'
            printf '%s\t%s\n' 'show' 'Print the name of the current context'
            printf '%s\t%s\n' 'update' 'Update a context'
            printf '%s\t%s\n' 'use' 'Set the current docker context'
        case daemon
            printf '%s\t%s\n' 'start' 'Start containerd as a daemon (pid file, log) and wait for its socket.'
            printf '%s\t%s\n' 'status' 'Say whether containerd answers; exits 1 when it does not.'
            printf '%s\t%s\n' 'stop' 'Stop the containerd `pydock daemon start` started.'
        case image
            printf '%s\t%s\n' 'build' 'Build an image from a Dockerfile'
            printf '%s\t%s\n' 'history' 'Show the history of an image'
            printf '%s\t%s\n' 'import' 'Import the contents from a tarball to create a filesystem image'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more images'
            printf '%s\t%s\n' 'list' 'List images'
            printf '%s\t%s\n' 'load' 'Load an image from a tar archive or STDIN'
            printf '%s\t%s\n' 'ls' 'List images'
            printf '%s\t%s\n' 'prune' 'Remove unused images'
            printf '%s\t%s\n' 'pull' 'Download an image from a registry'
            printf '%s\t%s\n' 'push' 'Upload an image to a registry'
            printf '%s\t%s\n' 'remove' 'Remove one or more images'
            printf '%s\t%s\n' 'rm' 'Remove one or more images'
            printf '%s\t%s\n' 'save' 'Save one or more images to a tar archive (streamed to STDOUT by default)'
            printf '%s\t%s\n' 'tag' 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'
        case manifest
            printf '%s\t%s\n' 'annotate' 'Add additional information to a local image manifest'
            printf '%s\t%s\n' 'create' 'Create a local manifest list for annotating and pushing to a registry'
            printf '%s\t%s\n' 'inspect' 'Display an image manifest, or manifest list'
            printf '%s\t%s\n' 'push' 'Push a manifest list to a repository'
            printf '%s\t%s\n' 'rm' 'Delete one or more manifest lists from local storage'
        case network
            printf '%s\t%s\n' 'connect' 'Connect a container to a network'
            printf '%s\t%s\n' 'create' 'Create a network'
            printf '%s\t%s\n' 'disconnect' 'Disconnect a container from a network'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more networks'
            printf '%s\t%s\n' 'list' 'List networks'
            printf '%s\t%s\n' 'ls' 'List networks'
            printf '%s\t%s\n' 'prune' 'Remove all unused networks'
            printf '%s\t%s\n' 'remove' 'Remove one or more networks'
            printf '%s\t%s\n' 'rm' 'Remove one or more networks'
        case node
            printf '%s\t%s\n' 'demote' 'Demote one or more nodes from manager in the swarm'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more nodes'
            printf '%s\t%s\n' 'list' 'List nodes in the swarm'
            printf '%s\t%s\n' 'ls' 'List nodes in the swarm'
            printf '%s\t%s\n' 'promote' 'Promote one or more nodes to manager in the swarm'
            printf '%s\t%s\n' 'ps' 'List tasks running on one or more nodes, defaults to current node'
            printf '%s\t%s\n' 'remove' 'Remove one or more nodes from the swarm'
            printf '%s\t%s\n' 'rm' 'Remove one or more nodes from the swarm'
            printf '%s\t%s\n' 'update' 'Update a node'
        case plugin
            printf '%s\t%s\n' 'create' 'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.'
            printf '%s\t%s\n' 'disable' 'Disable a plugin'
            printf '%s\t%s\n' 'enable' 'Enable a plugin'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more plugins'
            printf '%s\t%s\n' 'install' 'Install a plugin'
            printf '%s\t%s\n' 'list' 'List plugins'
            printf '%s\t%s\n' 'ls' 'List plugins'
            printf '%s\t%s\n' 'push' 'Push a plugin to a registry'
            printf '%s\t%s\n' 'remove' 'Remove one or more plugins'
            printf '%s\t%s\n' 'rm' 'Remove one or more plugins'
            printf '%s\t%s\n' 'set' 'Change settings for a plugin'
            printf '%s\t%s\n' 'upgrade' 'Upgrade an existing plugin'
        case secret
            printf '%s\t%s\n' 'create' 'Create a secret from a file or STDIN as content'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more secrets'
            printf '%s\t%s\n' 'list' 'List secrets'
            printf '%s\t%s\n' 'ls' 'List secrets'
            printf '%s\t%s\n' 'remove' 'Remove one or more secrets'
            printf '%s\t%s\n' 'rm' 'Remove one or more secrets'
        case service
            printf '%s\t%s\n' 'create' 'Create a new service'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more services'
            printf '%s\t%s\n' 'list' 'List services'
            printf '%s\t%s\n' 'logs' 'Fetch the logs of a service or task'
            printf '%s\t%s\n' 'ls' 'List services'
            printf '%s\t%s\n' 'ps' 'List the tasks of one or more services'
            printf '%s\t%s\n' 'remove' 'Remove one or more services'
            printf '%s\t%s\n' 'rm' 'Remove one or more services'
            printf '%s\t%s\n' 'rollback' 'Revert changes to a service\'s configuration'
            printf '%s\t%s\n' 'scale' 'Scale one or multiple replicated services'
            printf '%s\t%s\n' 'update' 'Update a service'
        case stack
            printf '%s\t%s\n' 'config' 'Outputs the final config file, after doing merges and interpolations'
            printf '%s\t%s\n' 'deploy' 'Deploy a new stack or update an existing stack'
            printf '%s\t%s\n' 'down' 'Remove one or more stacks'
            printf '%s\t%s\n' 'list' 'List stacks'
            printf '%s\t%s\n' 'ls' 'List stacks'
            printf '%s\t%s\n' 'ps' 'List the tasks in the stack'
            printf '%s\t%s\n' 'remove' 'Remove one or more stacks'
            printf '%s\t%s\n' 'rm' 'Remove one or more stacks'
            printf '%s\t%s\n' 'services' 'List the services in the stack'
            printf '%s\t%s\n' 'up' 'Deploy a new stack or update an existing stack'
        case swarm
            printf '%s\t%s\n' 'ca' 'Display and rotate the root CA'
            printf '%s\t%s\n' 'init' 'Initialize a swarm'
            printf '%s\t%s\n' 'join' 'Join a swarm as a node and/or manager'
            printf '%s\t%s\n' 'join-token' 'Manage join tokens'
            printf '%s\t%s\n' 'leave' 'Leave the swarm'
            printf '%s\t%s\n' 'unlock' 'Unlock swarm'
            printf '%s\t%s\n' 'unlock-key' 'Manage the unlock key'
            printf '%s\t%s\n' 'update' 'Update the swarm'
        case system
            printf '%s\t%s\n' 'df' 'Show docker disk usage'
            printf '%s\t%s\n' 'events' 'Get real time events from the server'
            printf '%s\t%s\n' 'info' 'Display system-wide information'
            printf '%s\t%s\n' 'prune' 'Remove unused data'
        case trust
            printf '%s\t%s\n' 'inspect' 'Return low-level information about keys and signatures'
            printf '%s\t%s\n' 'revoke' 'Remove trust for an image'
            printf '%s\t%s\n' 'sign' 'Sign an image'
        case volume
            printf '%s\t%s\n' 'create' 'Create a volume'
            printf '%s\t%s\n' 'inspect' 'Display detailed information on one or more volumes'
            printf '%s\t%s\n' 'list' 'List volumes'
            printf '%s\t%s\n' 'ls' 'List volumes'
            printf '%s\t%s\n' 'prune' 'Remove unused local volumes'
            printf '%s\t%s\n' 'remove' 'Remove one or more volumes'
            printf '%s\t%s\n' 'rm' 'Remove one or more volumes'
            printf '%s\t%s\n' 'update' 'Update a volume (cluster volumes only)'
        case '*'
            return 1
    end
end

# One command path: the valued flags, its positional value kinds (comma-joined tokens per position),
# whether the last position repeats, and whether flags stop at the first positional.
function __pydock_spot
    switch $argv[1]
        case 'attach' 'container attach'
            set -g __pydock_id 'attach'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'build' 'builder build' 'image build'
            set -g __pydock_id 'build'
            set -g __pydock_valued ''
            set -g __pydock_args '@file'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'builder prune'
            set -g __pydock_id 'builder prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'checkpoint create'
            set -g __pydock_id 'checkpoint create'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'checkpoint list' 'checkpoint ls'
            set -g __pydock_id 'checkpoint ls'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'checkpoint remove' 'checkpoint rm'
            set -g __pydock_id 'checkpoint rm'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'commit' 'container commit'
            set -g __pydock_id 'commit'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'completion'
            set -g __pydock_id 'completion'
            set -g __pydock_valued '|--shell|'
            set -g __pydock_args 'bash,zsh,fish'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'config create'
            set -g __pydock_id 'config create'
            set -g __pydock_valued ''
            set -g __pydock_args ' @file'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'config inspect'
            set -g __pydock_id 'config inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'config list' 'config ls'
            set -g __pydock_id 'config ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'config remove' 'config rm'
            set -g __pydock_id 'config rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container prune'
            set -g __pydock_id 'container prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container inspect'
            set -g __pydock_id 'container_inspect'
            set -g __pydock_valued '|--format|-f|'
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'context create'
            set -g __pydock_id 'context create'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context export'
            set -g __pydock_id 'context export'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context import'
            set -g __pydock_id 'context import'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context inspect'
            set -g __pydock_id 'context inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context list' 'context ls'
            set -g __pydock_id 'context ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context remove' 'context rm'
            set -g __pydock_id 'context rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context show'
            set -g __pydock_id 'context show'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context update'
            set -g __pydock_id 'context update'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'context use'
            set -g __pydock_id 'context use'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container cp' 'cp'
            set -g __pydock_id 'cp'
            set -g __pydock_valued ''
            set -g __pydock_args '@container @file'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container create' 'create'
            set -g __pydock_id 'create'
            set -g __pydock_valued ''
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'daemon start'
            set -g __pydock_id 'daemon_start'
            set -g __pydock_valued '|--containerd|--config|--address|--pidfile|--log|--root|--state|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'daemon status'
            set -g __pydock_id 'daemon_status'
            set -g __pydock_valued '|--address|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'daemon stop'
            set -g __pydock_id 'daemon_stop'
            set -g __pydock_valued '|--pidfile|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container diff' 'diff'
            set -g __pydock_id 'diff'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'doctor'
            set -g __pydock_id 'doctor'
            set -g __pydock_valued '|--namespace|--address|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'events' 'system events'
            set -g __pydock_id 'events'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container exec' 'exec'
            set -g __pydock_id 'exec'
            set -g __pydock_valued '|--detach-keys|--env|-e|--env-file|--user|-u|--workdir|-w|'
            set -g __pydock_args '@running'
            set -g __pydock_repeat 0
            set -g __pydock_stop 1
        case 'container export' 'export'
            set -g __pydock_id 'export'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'history' 'image history'
            set -g __pydock_id 'history'
            set -g __pydock_valued '|--format|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image prune'
            set -g __pydock_id 'image prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image inspect'
            set -g __pydock_id 'image_inspect'
            set -g __pydock_valued '|--format|-f|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'image list' 'image ls' 'images'
            set -g __pydock_id 'images'
            set -g __pydock_valued '|--filter|-f|--format|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image import' 'import'
            set -g __pydock_id 'import'
            set -g __pydock_valued ''
            set -g __pydock_args '@file'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'info' 'system info'
            set -g __pydock_id 'info'
            set -g __pydock_valued '|--format|-f|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'inspect'
            set -g __pydock_id 'inspect'
            set -g __pydock_valued '|--format|-f|--type|'
            set -g __pydock_args '@container,@image'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'install'
            set -g __pydock_id 'install'
            set -g __pydock_valued '|--method|--prefix|--cni-dir|--from|--mirror|--manifest|--components|--cache|--dir|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container kill' 'kill'
            set -g __pydock_id 'kill'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'image load' 'load'
            set -g __pydock_id 'load'
            set -g __pydock_valued '|--input|-i|--platform|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'login'
            set -g __pydock_id 'login'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'logout'
            set -g __pydock_id 'logout'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container logs' 'logs'
            set -g __pydock_id 'logs'
            set -g __pydock_valued '|--since|--tail|-n|--until|'
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'manifest annotate'
            set -g __pydock_id 'manifest annotate'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'manifest create'
            set -g __pydock_id 'manifest create'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'manifest inspect'
            set -g __pydock_id 'manifest inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'manifest push'
            set -g __pydock_id 'manifest push'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'manifest rm'
            set -g __pydock_id 'manifest rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network connect'
            set -g __pydock_id 'network connect'
            set -g __pydock_valued ''
            set -g __pydock_args '@network @container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network create'
            set -g __pydock_id 'network create'
            set -g __pydock_valued ''
            set -g __pydock_args '@network'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network disconnect'
            set -g __pydock_id 'network disconnect'
            set -g __pydock_valued ''
            set -g __pydock_args '@network @container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network inspect'
            set -g __pydock_id 'network inspect'
            set -g __pydock_valued ''
            set -g __pydock_args '@network'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'network list' 'network ls'
            set -g __pydock_id 'network ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network prune'
            set -g __pydock_id 'network prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'network remove' 'network rm'
            set -g __pydock_id 'network rm'
            set -g __pydock_valued ''
            set -g __pydock_args '@network'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'node demote'
            set -g __pydock_id 'node demote'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node inspect'
            set -g __pydock_id 'node inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node list' 'node ls'
            set -g __pydock_id 'node ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node promote'
            set -g __pydock_id 'node promote'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node ps'
            set -g __pydock_id 'node ps'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node remove' 'node rm'
            set -g __pydock_id 'node rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'node update'
            set -g __pydock_id 'node update'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container pause' 'pause'
            set -g __pydock_id 'pause'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'plugin create'
            set -g __pydock_id 'plugin create'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin disable'
            set -g __pydock_id 'plugin disable'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin enable'
            set -g __pydock_id 'plugin enable'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin inspect'
            set -g __pydock_id 'plugin inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin install'
            set -g __pydock_id 'plugin install'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin list' 'plugin ls'
            set -g __pydock_id 'plugin ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin push'
            set -g __pydock_id 'plugin push'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin remove' 'plugin rm'
            set -g __pydock_id 'plugin rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin set'
            set -g __pydock_id 'plugin set'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'plugin upgrade'
            set -g __pydock_id 'plugin upgrade'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container port' 'port'
            set -g __pydock_id 'port'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container list' 'container ls' 'container ps' 'ps'
            set -g __pydock_id 'ps'
            set -g __pydock_valued '|--filter|-f|--format|--last|-n|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image pull' 'pull'
            set -g __pydock_id 'pull'
            set -g __pydock_valued '|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image push' 'push'
            set -g __pydock_id 'push'
            set -g __pydock_valued '|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container rename' 'rename'
            set -g __pydock_id 'rename'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container restart' 'restart'
            set -g __pydock_id 'restart'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'container remove' 'container rm' 'rm'
            set -g __pydock_id 'rm'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'image remove' 'image rm' 'rmi'
            set -g __pydock_id 'rmi'
            set -g __pydock_valued '|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'container run' 'run'
            set -g __pydock_id 'run'
            set -g __pydock_valued '|--add-host|--annotation|--attach|-a|--blkio-weight|--blkio-weight-device|--cap-add|--cap-drop|--cgroup-parent|--cgroupns|--cidfile|--cpu-count|--cpu-percent|--cpu-period|--cpu-quota|--cpu-rt-period|--cpu-rt-runtime|--cpu-shares|-c|--cpus|--cpuset-cpus|--cpuset-mems|--detach-keys|--device|--device-cgroup-rule|--device-read-bps|--device-read-iops|--device-write-bps|--device-write-iops|--dns|--dns-option|--dns-search|--domainname|--entrypoint|--env|-e|--env-file|--expose|--gpus|--group-add|--health-cmd|--health-interval|--health-retries|--health-start-interval|--health-start-period|--health-timeout|--hostname|-h|--io-maxbandwidth|--io-maxiops|--ip|--ip6|--ipc|--isolation|--kernel-memory|--label|-l|--label-file|--link|--link-local-ip|--log-driver|--log-opt|--mac-address|--memory|-m|--memory-reservation|--memory-swap|--memory-swappiness|--mount|--name|--network|--network-alias|--oom-score-adj|--pid|--pids-limit|--platform|--publish|-p|--pull|--restart|--runtime|--security-opt|--shm-size|--stop-signal|--stop-timeout|--storage-opt|--sysctl|--tmpfs|--ulimit|--user|-u|--userns|--uts|--volume|-v|--volume-driver|--volumes-from|--workdir|-w|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 1
        case 'image save' 'save'
            set -g __pydock_id 'save'
            set -g __pydock_valued '|--output|-o|--platform|'
            set -g __pydock_args '@image'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'search'
            set -g __pydock_id 'search'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'secret create'
            set -g __pydock_id 'secret create'
            set -g __pydock_valued ''
            set -g __pydock_args ' @file'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'secret inspect'
            set -g __pydock_id 'secret inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'secret list' 'secret ls'
            set -g __pydock_id 'secret ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'secret remove' 'secret rm'
            set -g __pydock_id 'secret rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service create'
            set -g __pydock_id 'service create'
            set -g __pydock_valued ''
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service inspect'
            set -g __pydock_id 'service inspect'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service logs'
            set -g __pydock_id 'service logs'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service list' 'service ls'
            set -g __pydock_id 'service ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service ps'
            set -g __pydock_id 'service ps'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service remove' 'service rm'
            set -g __pydock_id 'service rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service rollback'
            set -g __pydock_id 'service rollback'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service scale'
            set -g __pydock_id 'service scale'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'service update'
            set -g __pydock_id 'service update'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack config'
            set -g __pydock_id 'stack config'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack deploy' 'stack up'
            set -g __pydock_id 'stack deploy'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack list' 'stack ls'
            set -g __pydock_id 'stack ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack ps'
            set -g __pydock_id 'stack ps'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack down' 'stack remove' 'stack rm'
            set -g __pydock_id 'stack rm'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'stack services'
            set -g __pydock_id 'stack services'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container start' 'start'
            set -g __pydock_id 'start'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'container stats' 'stats'
            set -g __pydock_id 'stats'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'container stop' 'stop'
            set -g __pydock_id 'stop'
            set -g __pydock_valued '|--signal|-s|--timeout|-t|'
            set -g __pydock_args '@running'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'swarm ca'
            set -g __pydock_id 'swarm ca'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm init'
            set -g __pydock_id 'swarm init'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm join'
            set -g __pydock_id 'swarm join'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm join-token'
            set -g __pydock_id 'swarm join-token'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm leave'
            set -g __pydock_id 'swarm leave'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm unlock'
            set -g __pydock_id 'swarm unlock'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm unlock-key'
            set -g __pydock_id 'swarm unlock-key'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'swarm update'
            set -g __pydock_id 'swarm update'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'system df'
            set -g __pydock_id 'system df'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'system prune'
            set -g __pydock_id 'system prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'image tag' 'tag'
            set -g __pydock_id 'tag'
            set -g __pydock_valued ''
            set -g __pydock_args '@image @image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container top' 'top'
            set -g __pydock_id 'top'
            set -g __pydock_valued ''
            set -g __pydock_args '@running'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'trust inspect'
            set -g __pydock_id 'trust inspect'
            set -g __pydock_valued ''
            set -g __pydock_args '@image'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'trust revoke'
            set -g __pydock_id 'trust revoke'
            set -g __pydock_valued ''
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'trust sign'
            set -g __pydock_id 'trust sign'
            set -g __pydock_valued ''
            set -g __pydock_args '@image'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'uninstall'
            set -g __pydock_id 'uninstall'
            set -g __pydock_valued '|--dir|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container unpause' 'unpause'
            set -g __pydock_id 'unpause'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'container update' 'update'
            set -g __pydock_id 'update'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'version'
            set -g __pydock_id 'version'
            set -g __pydock_valued '|--format|-f|'
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'volume create'
            set -g __pydock_id 'volume create'
            set -g __pydock_valued ''
            set -g __pydock_args '@volume'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'volume inspect'
            set -g __pydock_id 'volume inspect'
            set -g __pydock_valued ''
            set -g __pydock_args '@volume'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'volume list' 'volume ls'
            set -g __pydock_id 'volume ls'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'volume prune'
            set -g __pydock_id 'volume prune'
            set -g __pydock_valued ''
            set -g __pydock_args ''
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'volume remove' 'volume rm'
            set -g __pydock_id 'volume rm'
            set -g __pydock_valued ''
            set -g __pydock_args '@volume'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case 'volume update'
            set -g __pydock_id 'volume update'
            set -g __pydock_valued ''
            set -g __pydock_args '@volume'
            set -g __pydock_repeat 0
            set -g __pydock_stop 0
        case 'container wait' 'wait'
            set -g __pydock_id 'wait'
            set -g __pydock_valued ''
            set -g __pydock_args '@container'
            set -g __pydock_repeat 1
            set -g __pydock_stop 0
        case '*'
            return 1
    end
    return 0  # `set` passes the previous status along
end

# The flags of a command, with their help.
function __pydock_flags
    switch $argv[1]
        case 'completion'
            printf '%s\t%s\n' '--install' 'install the script for your shell (detected)'
            printf '%s\t%s\n' '--shell' 'the shell for --install/--show'
            printf '%s\t%s\n' '--show' 'print where --install would write, change nothing'
        case 'container_inspect'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '-f' 'Format output using a custom template:'
            printf '%s\t%s\n' '--size' 'Display total file sizes'
            printf '%s\t%s\n' '-s' 'Display total file sizes'
        case 'daemon_start'
            printf '%s\t%s\n' '--containerd' 'the containerd executable'
            printf '%s\t%s\n' '--config' 'its config (used when it exists)'
            printf '%s\t%s\n' '--address' 'socket to serve'
            printf '%s\t%s\n' '--pidfile' 'pid file'
            printf '%s\t%s\n' '--log' 'log file'
            printf '%s\t%s\n' '--root' 'containerd --root (default: its config\'s)'
            printf '%s\t%s\n' '--state' 'containerd --state (default: its config\'s)'
        case 'daemon_status'
            printf '%s\t%s\n' '--address' 'socket'
        case 'daemon_stop'
            printf '%s\t%s\n' '--pidfile' 'pid file'
        case 'doctor'
            printf '%s\t%s\n' '--namespace' 'containerd namespace to report (default: CONTAINERD_NAMESPACE or default)'
            printf '%s\t%s\n' '--address' 'containerd socket'
        case 'exec'
            printf '%s\t%s\n' '--detach' 'Detached mode: run command in the background'
            printf '%s\t%s\n' '-d' 'Detached mode: run command in the background'
            printf '%s\t%s\n' '--detach-keys' 'Override the key sequence for detaching a container'
            printf '%s\t%s\n' '--env' 'Set environment variables'
            printf '%s\t%s\n' '-e' 'Set environment variables'
            printf '%s\t%s\n' '--env-file' 'Read in a file of environment variables'
            printf '%s\t%s\n' '--interactive' 'Keep STDIN open even if not attached'
            printf '%s\t%s\n' '-i' 'Keep STDIN open even if not attached'
            printf '%s\t%s\n' '--privileged' 'Give extended privileges to the command'
            printf '%s\t%s\n' '--tty' 'Allocate a pseudo-TTY'
            printf '%s\t%s\n' '-t' 'Allocate a pseudo-TTY'
            printf '%s\t%s\n' '--user' 'Username or UID (format: "<name|uid>[:<group|gid>]")'
            printf '%s\t%s\n' '-u' 'Username or UID (format: "<name|uid>[:<group|gid>]")'
            printf '%s\t%s\n' '--workdir' 'Working directory inside the container'
            printf '%s\t%s\n' '-w' 'Working directory inside the container'
        case 'history'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '--human' 'Print sizes and dates in human readable format'
            printf '%s\t%s\n' '-H' 'Print sizes and dates in human readable format'
            printf '%s\t%s\n' '--no-trunc' 'Don\'t truncate output'
            printf '%s\t%s\n' '--platform' 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'
            printf '%s\t%s\n' '--quiet' 'Only show image IDs'
            printf '%s\t%s\n' '-q' 'Only show image IDs'
        case 'image_inspect'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '-f' 'Format output using a custom template:'
            printf '%s\t%s\n' '--platform' 'Inspect a specific platform of the multi-platform image.'
        case 'images'
            printf '%s\t%s\n' '--all' 'Show all images (default hides intermediate images)'
            printf '%s\t%s\n' '-a' 'Show all images (default hides intermediate images)'
            printf '%s\t%s\n' '--digests' 'Show digests'
            printf '%s\t%s\n' '--filter' 'Filter output based on conditions provided'
            printf '%s\t%s\n' '-f' 'Filter output based on conditions provided'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '--no-trunc' 'Don\'t truncate output'
            printf '%s\t%s\n' '--quiet' 'Only show image IDs'
            printf '%s\t%s\n' '-q' 'Only show image IDs'
            printf '%s\t%s\n' '--tree' 'List multi-platform images as a tree (EXPERIMENTAL)'
        case 'info'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '-f' 'Format output using a custom template:'
        case 'inspect'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '-f' 'Format output using a custom template:'
            printf '%s\t%s\n' '--size' 'Display total file sizes if the type is container'
            printf '%s\t%s\n' '-s' 'Display total file sizes if the type is container'
            printf '%s\t%s\n' '--type' 'Only inspect objects of the given type'
        case 'install'
            printf '%s\t%s\n' '--method' 'auto, one-click, per-component, distro or go'
            printf '%s\t%s\n' '--prefix' 'installation root (bin/, sbin/, libexec/cni, lib/systemd)'
            printf '%s\t%s\n' '--cni-dir' 'where per-component puts the CNI plugins'
            printf '%s\t%s\n' '--from' 'a folder holding the release archives (offline install)'
            printf '%s\t%s\n' '--mirror' 'a releases base URL replacing https://github.com'
            printf '%s\t%s\n' '--manifest' 'a manifest of versions and sha256 to use instead of pydock\'s'
            printf '%s\t%s\n' '--components' 'comma-separated subset for per-component and go'
            printf '%s\t%s\n' '--cache' 'where verified downloads are kept'
            printf '%s\t%s\n' '--dry-run' 'list every file and command, change nothing'
            printf '%s\t%s\n' '--no-start' 'write containerd\'s config if absent and start containerd'
            printf '%s\t%s\n' '--start' 'write containerd\'s config if absent and start containerd'
            printf '%s\t%s\n' '--docker-shim' 'only write a `docker` that runs pydock'
            printf '%s\t%s\n' '--dir' 'folder for --docker-shim'
            printf '%s\t%s\n' '--force' '--docker-shim: replace another docker in that folder'
            printf '%s\t%s\n' '--no-force' '--docker-shim: replace another docker in that folder'
        case 'load'
            printf '%s\t%s\n' '--input' 'Read from tar archive file, instead of STDIN'
            printf '%s\t%s\n' '-i' 'Read from tar archive file, instead of STDIN'
            printf '%s\t%s\n' '--platform' 'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'
            printf '%s\t%s\n' '--quiet' 'Suppress the load output'
            printf '%s\t%s\n' '-q' 'Suppress the load output'
        case 'logs'
            printf '%s\t%s\n' '--details' 'Show extra details provided to logs'
            printf '%s\t%s\n' '--follow' 'Follow log output'
            printf '%s\t%s\n' '-f' 'Follow log output'
            printf '%s\t%s\n' '--since' 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
            printf '%s\t%s\n' '--tail' 'Number of lines to show from the end of the logs'
            printf '%s\t%s\n' '-n' 'Number of lines to show from the end of the logs'
            printf '%s\t%s\n' '--timestamps' 'Show timestamps'
            printf '%s\t%s\n' '-t' 'Show timestamps'
            printf '%s\t%s\n' '--until' 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'
        case 'ps'
            printf '%s\t%s\n' '--all' 'Show all containers (default shows just running)'
            printf '%s\t%s\n' '-a' 'Show all containers (default shows just running)'
            printf '%s\t%s\n' '--filter' 'Filter output based on conditions provided'
            printf '%s\t%s\n' '-f' 'Filter output based on conditions provided'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '--last' 'Show n last created containers (includes all states)'
            printf '%s\t%s\n' '-n' 'Show n last created containers (includes all states)'
            printf '%s\t%s\n' '--latest' 'Show the latest created container (includes all states)'
            printf '%s\t%s\n' '-l' 'Show the latest created container (includes all states)'
            printf '%s\t%s\n' '--no-trunc' 'Don\'t truncate output'
            printf '%s\t%s\n' '--quiet' 'Only display container IDs'
            printf '%s\t%s\n' '-q' 'Only display container IDs'
            printf '%s\t%s\n' '--size' 'Display total file sizes'
            printf '%s\t%s\n' '-s' 'Display total file sizes'
        case 'pull'
            printf '%s\t%s\n' '--all-tags' 'Download all tagged images in the repository'
            printf '%s\t%s\n' '-a' 'Download all tagged images in the repository'
            printf '%s\t%s\n' '--disable-content-trust' 'Skip image verification'
            printf '%s\t%s\n' '--platform' 'Set platform if server is multi-platform capable'
            printf '%s\t%s\n' '--quiet' 'Suppress verbose output'
            printf '%s\t%s\n' '-q' 'Suppress verbose output'
        case 'push'
            printf '%s\t%s\n' '--all-tags' 'Push all tags of an image to the repository'
            printf '%s\t%s\n' '-a' 'Push all tags of an image to the repository'
            printf '%s\t%s\n' '--disable-content-trust' 'Skip image signing'
            printf '%s\t%s\n' '--platform' 'Push a platform-specific manifest as a single-platform image to the registry.'
            printf '%s\t%s\n' '--quiet' 'Suppress verbose output'
            printf '%s\t%s\n' '-q' 'Suppress verbose output'
        case 'rm'
            printf '%s\t%s\n' '--force' 'Force the removal of a running container (uses SIGKILL)'
            printf '%s\t%s\n' '-f' 'Force the removal of a running container (uses SIGKILL)'
            printf '%s\t%s\n' '--link' 'Remove the specified link'
            printf '%s\t%s\n' '-l' 'Remove the specified link'
            printf '%s\t%s\n' '--volumes' 'Remove anonymous volumes associated with the container'
            printf '%s\t%s\n' '-v' 'Remove anonymous volumes associated with the container'
        case 'rmi'
            printf '%s\t%s\n' '--force' 'Force removal of the image'
            printf '%s\t%s\n' '-f' 'Force removal of the image'
            printf '%s\t%s\n' '--no-prune' 'Do not delete untagged parents'
            printf '%s\t%s\n' '--platform' 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'
        case 'run'
            printf '%s\t%s\n' '--add-host' 'Add a custom host-to-IP mapping (host:ip)'
            printf '%s\t%s\n' '--annotation' 'Add an annotation to the container (passed through to the OCI runtime)'
            printf '%s\t%s\n' '--attach' 'Attach to STDIN, STDOUT or STDERR'
            printf '%s\t%s\n' '-a' 'Attach to STDIN, STDOUT or STDERR'
            printf '%s\t%s\n' '--blkio-weight' 'Block IO (relative weight), between 10 and 1000, or 0 to disable'
            printf '%s\t%s\n' '--blkio-weight-device' 'Block IO weight (relative device weight)'
            printf '%s\t%s\n' '--cap-add' 'Add Linux capabilities'
            printf '%s\t%s\n' '--cap-drop' 'Drop Linux capabilities'
            printf '%s\t%s\n' '--cgroup-parent' 'Optional parent cgroup for the container'
            printf '%s\t%s\n' '--cgroupns' 'Cgroup namespace to use (host|private)'
            printf '%s\t%s\n' '--cidfile' 'Write the container ID to the file'
            printf '%s\t%s\n' '--cpu-count' 'CPU count (Windows only)'
            printf '%s\t%s\n' '--cpu-percent' 'CPU percent (Windows only)'
            printf '%s\t%s\n' '--cpu-period' 'Limit CPU CFS (Completely Fair Scheduler) period'
            printf '%s\t%s\n' '--cpu-quota' 'Limit CPU CFS (Completely Fair Scheduler) quota'
            printf '%s\t%s\n' '--cpu-rt-period' 'Limit CPU real-time period in microseconds'
            printf '%s\t%s\n' '--cpu-rt-runtime' 'Limit CPU real-time runtime in microseconds'
            printf '%s\t%s\n' '--cpu-shares' 'CPU shares (relative weight)'
            printf '%s\t%s\n' '-c' 'CPU shares (relative weight)'
            printf '%s\t%s\n' '--cpus' 'Number of CPUs'
            printf '%s\t%s\n' '--cpuset-cpus' 'CPUs in which to allow execution (0-3, 0,1)'
            printf '%s\t%s\n' '--cpuset-mems' 'MEMs in which to allow execution (0-3, 0,1)'
            printf '%s\t%s\n' '--detach' 'Run container in background and print container ID'
            printf '%s\t%s\n' '-d' 'Run container in background and print container ID'
            printf '%s\t%s\n' '--detach-keys' 'Override the key sequence for detaching a container'
            printf '%s\t%s\n' '--device' 'Add a host device to the container'
            printf '%s\t%s\n' '--device-cgroup-rule' 'Add a rule to the cgroup allowed devices list'
            printf '%s\t%s\n' '--device-read-bps' 'Limit read rate (bytes per second) from a device'
            printf '%s\t%s\n' '--device-read-iops' 'Limit read rate (IO per second) from a device'
            printf '%s\t%s\n' '--device-write-bps' 'Limit write rate (bytes per second) to a device'
            printf '%s\t%s\n' '--device-write-iops' 'Limit write rate (IO per second) to a device'
            printf '%s\t%s\n' '--disable-content-trust' 'Skip image verification'
            printf '%s\t%s\n' '--dns' 'Set custom DNS servers'
            printf '%s\t%s\n' '--dns-option' 'Set DNS options'
            printf '%s\t%s\n' '--dns-search' 'Set custom DNS search domains'
            printf '%s\t%s\n' '--domainname' 'Container NIS domain name'
            printf '%s\t%s\n' '--entrypoint' 'Overwrite the default ENTRYPOINT of the image'
            printf '%s\t%s\n' '--env' 'Set environment variables'
            printf '%s\t%s\n' '-e' 'Set environment variables'
            printf '%s\t%s\n' '--env-file' 'Read in a file of environment variables'
            printf '%s\t%s\n' '--expose' 'Expose a port or a range of ports'
            printf '%s\t%s\n' '--gpus' 'GPU devices to add to the container (\'all\' to pass all GPUs)'
            printf '%s\t%s\n' '--group-add' 'Add additional groups to join'
            printf '%s\t%s\n' '--health-cmd' 'Command to run to check health'
            printf '%s\t%s\n' '--health-interval' 'Time between running the check (ms|s|m|h)'
            printf '%s\t%s\n' '--health-retries' 'Consecutive failures needed to report unhealthy'
            printf '%s\t%s\n' '--health-start-interval' 'Time between running the check during the start period (ms|s|m|h)'
            printf '%s\t%s\n' '--health-start-period' 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h)'
            printf '%s\t%s\n' '--health-timeout' 'Maximum time to allow one check to run (ms|s|m|h)'
            printf '%s\t%s\n' '--hostname' 'Container host name'
            printf '%s\t%s\n' '-h' 'Container host name'
            printf '%s\t%s\n' '--init' 'Run an init inside the container that forwards signals and reaps processes'
            printf '%s\t%s\n' '--interactive' 'Keep STDIN open even if not attached'
            printf '%s\t%s\n' '-i' 'Keep STDIN open even if not attached'
            printf '%s\t%s\n' '--io-maxbandwidth' 'Maximum IO bandwidth limit for the system drive (Windows only)'
            printf '%s\t%s\n' '--io-maxiops' 'Maximum IOps limit for the system drive (Windows only)'
            printf '%s\t%s\n' '--ip' 'IPv4 address (e.g., 172.30.100.104)'
            printf '%s\t%s\n' '--ip6' 'IPv6 address (e.g., 2001:db8::33)'
            printf '%s\t%s\n' '--ipc' 'IPC mode to use'
            printf '%s\t%s\n' '--isolation' 'Container isolation technology'
            printf '%s\t%s\n' '--kernel-memory' 'Kernel memory limit'
            printf '%s\t%s\n' '--label' 'Set meta data on a container'
            printf '%s\t%s\n' '-l' 'Set meta data on a container'
            printf '%s\t%s\n' '--label-file' 'Read in a line delimited file of labels'
            printf '%s\t%s\n' '--link' 'Add link to another container'
            printf '%s\t%s\n' '--link-local-ip' 'Container IPv4/IPv6 link-local addresses'
            printf '%s\t%s\n' '--log-driver' 'Logging driver for the container'
            printf '%s\t%s\n' '--log-opt' 'Log driver options'
            printf '%s\t%s\n' '--mac-address' 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'
            printf '%s\t%s\n' '--memory' 'Memory limit'
            printf '%s\t%s\n' '-m' 'Memory limit'
            printf '%s\t%s\n' '--memory-reservation' 'Memory soft limit'
            printf '%s\t%s\n' '--memory-swap' 'Swap limit equal to memory plus swap: \'-1\' to enable unlimited swap'
            printf '%s\t%s\n' '--memory-swappiness' 'Tune container memory swappiness (0 to 100)'
            printf '%s\t%s\n' '--mount' 'Attach a filesystem mount to the container'
            printf '%s\t%s\n' '--name' 'Assign a name to the container'
            printf '%s\t%s\n' '--network' 'Connect a container to a network'
            printf '%s\t%s\n' '--network-alias' 'Add network-scoped alias for the container'
            printf '%s\t%s\n' '--no-healthcheck' 'Disable any container-specified HEALTHCHECK'
            printf '%s\t%s\n' '--oom-kill-disable' 'Disable OOM Killer'
            printf '%s\t%s\n' '--oom-score-adj' 'Tune host\'s OOM preferences (-1000 to 1000)'
            printf '%s\t%s\n' '--pid' 'PID namespace to use'
            printf '%s\t%s\n' '--pids-limit' 'Tune container pids limit (set -1 for unlimited)'
            printf '%s\t%s\n' '--platform' 'Set platform if server is multi-platform capable'
            printf '%s\t%s\n' '--privileged' 'Give extended privileges to this container'
            printf '%s\t%s\n' '--publish' 'Publish a container\'s port(s) to the host'
            printf '%s\t%s\n' '-p' 'Publish a container\'s port(s) to the host'
            printf '%s\t%s\n' '--publish-all' 'Publish all exposed ports to random ports'
            printf '%s\t%s\n' '-P' 'Publish all exposed ports to random ports'
            printf '%s\t%s\n' '--pull' 'Pull image before running ("always", "missing", "never")'
            printf '%s\t%s\n' '--quiet' 'Suppress the pull output'
            printf '%s\t%s\n' '-q' 'Suppress the pull output'
            printf '%s\t%s\n' '--read-only' 'Mount the container\'s root filesystem as read only'
            printf '%s\t%s\n' '--restart' 'Restart policy to apply when a container exits'
            printf '%s\t%s\n' '--rm' 'Automatically remove the container and its associated anonymous volumes when it exits'
            printf '%s\t%s\n' '--runtime' 'Runtime to use for this container'
            printf '%s\t%s\n' '--security-opt' 'Security Options'
            printf '%s\t%s\n' '--shm-size' 'Size of /dev/shm'
            printf '%s\t%s\n' '--sig-proxy' 'Proxy received signals to the process'
            printf '%s\t%s\n' '--stop-signal' 'Signal to stop the container'
            printf '%s\t%s\n' '--stop-timeout' 'Timeout (in seconds) to stop a container'
            printf '%s\t%s\n' '--storage-opt' 'Storage driver options for the container'
            printf '%s\t%s\n' '--sysctl' 'Sysctl options'
            printf '%s\t%s\n' '--tmpfs' 'Mount a tmpfs directory'
            printf '%s\t%s\n' '--tty' 'Allocate a pseudo-TTY'
            printf '%s\t%s\n' '-t' 'Allocate a pseudo-TTY'
            printf '%s\t%s\n' '--ulimit' 'Ulimit options'
            printf '%s\t%s\n' '--use-api-socket' 'Bind mount Docker API socket and required auth'
            printf '%s\t%s\n' '--user' 'Username or UID (format: <name|uid>[:<group|gid>])'
            printf '%s\t%s\n' '-u' 'Username or UID (format: <name|uid>[:<group|gid>])'
            printf '%s\t%s\n' '--userns' 'User namespace to use'
            printf '%s\t%s\n' '--uts' 'UTS namespace to use'
            printf '%s\t%s\n' '--volume' 'Bind mount a volume'
            printf '%s\t%s\n' '-v' 'Bind mount a volume'
            printf '%s\t%s\n' '--volume-driver' 'Optional volume driver for the container'
            printf '%s\t%s\n' '--volumes-from' 'Mount volumes from the specified container(s)'
            printf '%s\t%s\n' '--workdir' 'Working directory inside the container'
            printf '%s\t%s\n' '-w' 'Working directory inside the container'
        case 'save'
            printf '%s\t%s\n' '--output' 'Write to a file, instead of STDOUT'
            printf '%s\t%s\n' '-o' 'Write to a file, instead of STDOUT'
            printf '%s\t%s\n' '--platform' 'Save only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'
        case 'stop'
            printf '%s\t%s\n' '--signal' 'Signal to send to the container'
            printf '%s\t%s\n' '-s' 'Signal to send to the container'
            printf '%s\t%s\n' '--timeout' 'Seconds to wait before killing the container'
            printf '%s\t%s\n' '-t' 'Seconds to wait before killing the container'
        case 'uninstall'
            printf '%s\t%s\n' '--docker-shim' 'remove the `docker` that runs pydock'
            printf '%s\t%s\n' '--dir' 'folder of the shim'
        case 'version'
            printf '%s\t%s\n' '--format' 'Format output using a custom template:'
            printf '%s\t%s\n' '-f' 'Format output using a custom template:'
    end
end

# The value tokens of flag $argv[2] of command $argv[1] (`_` = the global flags).
function __pydock_values
    switch "$argv[1] $argv[2]"
        case '_ --config' 'daemon_start --root' 'daemon_start --state' 'install --prefix' 'install --cni-dir' 'install --from' 'install --cache' 'install --dir' 'uninstall --dir'
            printf '%s\n' '@dir'
        case '_ --tlscacert' '_ --tlscert' '_ --tlskey' 'daemon_start --containerd' 'daemon_start --config' 'daemon_start --address' 'daemon_start --pidfile' 'daemon_start --log' 'daemon_status --address' 'daemon_stop --pidfile' 'doctor --address' 'exec --env-file' 'install --manifest' 'load --input' 'load -i' 'run --cidfile' 'run --env-file' 'run --label-file' 'run --volume' 'run -v' 'save --output' 'save -o'
            printf '%s\n' '@file'
        case '_ --namespace' 'doctor --namespace'
            printf '%s\n' '@namespace'
        case 'stop --signal' 'stop -s'
            printf '%s\n' 'HUP' 'INT' 'QUIT' 'KILL' 'USR1' 'USR2' 'TERM' 'STOP' 'CONT' 'TSTP' 'WINCH'
        case 'run --pull'
            printf '%s\n' 'always' 'missing' 'never'
        case 'completion --shell'
            printf '%s\n' 'bash' 'zsh' 'fish'
        case '_ --log-level' '_ -l'
            printf '%s\n' 'debug' 'info' 'warn' 'error' 'fatal'
        case 'run --network'
            printf '%s\n' 'host' 'none' 'bridge' '@network'
        case '_ --backend'
            printf '%s\n' 'nerdctl'
        case 'run --restart'
            printf '%s\n' 'no' 'always' 'on-failure' 'unless-stopped'
        case 'container_inspect --format' 'container_inspect -f' 'history --format' 'image_inspect --format' 'image_inspect -f' 'images --format' 'info --format' 'info -f' 'inspect --format' 'inspect -f' 'ps --format' 'version --format' 'version -f'
            printf '%s\n' 'table' 'json'
    end
end

# Print what the tokens after the namespace and prefix stand for, each after the prefix: words as they
# are, @file/@dir paths, @KIND names from pydock's hot-path helper (a second at most, nothing on error).
function __pydock_offer
    set -l ns $argv[1]
    set -l prefix $argv[2]
    set -l value (commandline -ct)
    test -n "$prefix"; and set value (string sub -s (math (string length -- $prefix) + 1) -- $value)
    set -l kinds
    set -l plain
    for token in $argv[3..-1]
        switch $token
            case @file
                for found in (__fish_complete_path $value)
                    echo $prefix$found
                end
            case @dir
                for found in (__fish_complete_directories $value)
                    echo $prefix$found
                end
            case '@*'
                set -a kinds (string sub -s 2 -- $token)
            case '*'
                set -a plain $token
                echo $prefix$token
        end
    end
    set -q kinds[1]; or return 0
    for name in (command pydock __complete "$ns" $kinds 2>/dev/null)
        contains -- $name $plain; or echo $prefix$name
    end
end

function __pydock_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l spot ''
    set -l grp ''
    set -l expect ''
    set -l ns ''
    set -l nargs 0
    set -l rest 0
    set -g __pydock_id _
    set -g __pydock_valued ''
    set -g __pydock_args ''
    set -g __pydock_repeat 0
    set -g __pydock_stop 0
    for w in $tokens[2..-1]
        if test -n "$expect"
            test "$expect" = --namespace -a -z "$spot"; and set ns $w
            set expect ''
            continue
        end
        if test $rest = 1
            set nargs (math $nargs + 1)
            continue
        end
        if test -z "$spot"; and string match -q -- '--namespace=*' $w
            set ns (string sub -s 13 -- $w)
            continue
        end
        if string match -q -- '-?*' $w
            if test "$w" = --
                test -n "$spot"; and set rest 1
                continue
            end
            string match -q -- '*=*' $w; and continue
            set -l valued $__pydock_global_valued
            test -n "$spot"; and set valued $__pydock_valued
            # `--name VALUE`, `-e VALUE`, and a cluster ending in a valued flag (`-dp 80:80`).
            if string match -q -- "*|$w|*" $valued
                set expect $w
            else if not string match -q -- '--*' $w; and string match -q -- "*|-"(string sub -s -1 -- $w)"|*" $valued
                set expect $w
            end
            continue
        end
        if test -n "$spot"
            set nargs (math $nargs + 1)
            test $__pydock_stop = 1; and set rest 1  # run/exec: the rest is the container's command
            continue
        end
        if test -n "$grp"
            set spot "$grp $w"
            set grp ''
        else if __pydock_group $w >/dev/null
            set grp $w
            continue
        else
            set spot $w
        end
        __pydock_spot $spot; or return 0  # a command pydock does not know: nothing to offer
    end
    if test -n "$expect"
        test -n "$spot"; or set __pydock_id _
        __pydock_offer "$ns" '' (__pydock_values $__pydock_id $expect)
    else if string match -q -- '-*=*' $cur
        set -l flag (string split -m 1 = -- $cur)[1]
        test -n "$spot"; or set __pydock_id _
        __pydock_offer "$ns" "$flag=" (__pydock_values $__pydock_id $flag)
    else if test $rest = 1
        __fish_complete_path $cur  # the container's command and arguments
    else if test -n "$grp"
        __pydock_group $grp
        printf '%s\t%s\n' --help 'Print usage'
    else if test -z "$spot"
        if string match -q -- '-*' $cur
            __pydock_global_flags
        else
            __pydock_top
        end
    else if string match -q -- '-*' $cur
        __pydock_flags $__pydock_id
        printf '%s\t%s\n' --help 'Print usage'
    else
        set -l args (string split -n ' ' -- $__pydock_args)
        set -l kind ''
        if test $nargs -lt (count $args)
            set kind $args[(math $nargs + 1)]
        else if test $__pydock_repeat = 1; and set -q args[1]
            set kind $args[-1]
        end
        __pydock_offer "$ns" '' (string split -n , -- $kind)
    end
end

# `docker` is pydock when it is pydock's docker shim or a link to pydock (an alias, `alias
# docker=pydock`, is a function that wraps pydock: fish completes it as pydock already).
function __pydock_docker_is_pydock
    set -l found (command -s docker); or return 1
    set -l pydock (command -s pydock)
    if test -n "$pydock"; and test (path resolve -- $found) = (path resolve -- $pydock)
        return 0
    end
    head -c 512 -- $found 2>/dev/null | string match -q -- '*# pydock docker shim*'
end

complete -c pydock -e
complete -c pydock -f -a '(__pydock_complete)'
# A real docker's completion is left alone.
if not functions -q docker; and __pydock_docker_is_pydock
    complete -c docker -e
    complete -c docker -f -a '(__pydock_complete)'
end
