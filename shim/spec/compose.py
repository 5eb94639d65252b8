"""docker compose (the v2 plugin, Docker Compose v5.5.0): the compose command's own flags and every subcommand
with usage, summary, argument rule and flags as the plugin's `--help` shows them (tests/unit/test_compose_parity.py
compares each with the real plugin).

Argument rules: the plugin's commands check their arguments with cobra's own rules, whose messages differ from
docker's (cli/required.go): ("cobra-min", n), ("cobra-max", n), ("cobra-range", lo, hi), ("cobra-none",); `cp`,
`publish` and `wait` use docker's ("exact", n) / ("min", n). Loaded only by `docker compose`.
"""

from __future__ import annotations

from shim.spec import Command, Flag

VERSION = "5.5.0"  # the Docker Compose release whose command line this is

_FORMAT_HELP = ("Format output using a custom template:\n'table':            Print output in table format with "
                "column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go "
                "template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given "
                "Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting "
                "output with templates")

# `docker compose [OPTIONS] COMMAND`: the project's flags, given before the subcommand only.
ROOT = Command(
    'compose', '[OPTIONS] COMMAND', 'Define and run multi-container applications with Docker', (), ('any',), (
    Flag('all-resources', '', 'bool', help='Include all resources, even those not used by services'),
    Flag('ansi', '', 'string', 'auto', help='Control when to print ANSI control characters ("never"|"always"|"auto")'),
    Flag('compatibility', '', 'bool', help='Run compose in backward compatibility mode'),
    Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
    Flag('env-file', '', 'stringArray', help='Specify an alternate environment file'),
    Flag('file', 'f', 'stringArray', help='Compose configuration files'),
    Flag('parallel', '', 'int', '-1', help='Control max parallelism, -1 for unlimited'),
    Flag('profile', '', 'stringArray', help='Specify a profile to enable'),
    Flag('progress', '', 'string', help='Set type of progress output (auto, tty, plain, json, quiet)'),
    Flag('project-directory', '', 'string', help='Specify an alternate working directory (default: the path of the, first specified, Compose file)'),
    Flag('project-name', 'p', 'string', help='Project name'),
    # hidden: the standalone `docker-compose --version`; the plugin answers it with its help
    Flag('version', 'v', 'bool', help='Show the Docker Compose version information', hidden=True),
    ), interspersed=False)

COMMANDS: dict[str, Command] = {
    'attach': Command(
        'compose attach', '[OPTIONS] SERVICE', "Attach local standard input, output, and error streams to a service's running container", (), ('cobra-min', 1), (
            Flag('detach-keys', '', 'string', help='Override the key sequence for detaching from a container.'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('index', '', 'int', help='index of the container if service has multiple replicas.'),
            Flag('no-stdin', '', 'bool', help='Do not attach STDIN'),
            Flag('sig-proxy', '', 'bool', 'true', help='Proxy all received signals to the process'),
        )),
    'build': Command(
        'compose build', '[OPTIONS] [SERVICE...]', 'Build or rebuild services', (), ('any',), (
            Flag('build-arg', '', 'stringArray', help='Set build-time variables for services'),
            Flag('builder', '', 'string', help='Set builder to use'),
            Flag('check', '', 'bool', help='Check build configuration'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('memory', 'm', 'bytes', help='Set memory limit for the build container. Not supported by BuildKit.'),
            Flag('no-cache', '', 'bool', help='Do not use cache when building the image'),
            Flag('print', '', 'bool', help='Print equivalent bake file'),
            Flag('provenance', '', 'string', help='Add a provenance attestation'),
            Flag('pull', '', 'bool', help='Always attempt to pull a newer version of the image'),
            Flag('push', '', 'bool', help='Push service images'),
            Flag('quiet', 'q', 'bool', help='Suppress the build output'),
            Flag('sbom', '', 'string', help='Add a SBOM attestation'),
            Flag('ssh', '', 'string', help="Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)"),
            Flag('with-dependencies', '', 'bool', help='Also build dependencies (transitively)'),
        )),
    'commit': Command(
        'compose commit', '[OPTIONS] SERVICE [REPOSITORY[:TAG]]', "Create a new image from a service container's changes", (), ('cobra-range', 1, 2), (
            Flag('author', 'a', 'string', help='Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")'),
            Flag('change', 'c', 'list', help='Apply Dockerfile instruction to the created image'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('index', '', 'int', help='index of the container if service has multiple replicas.'),
            Flag('message', 'm', 'string', help='Commit message'),
            Flag('pause', 'p', 'bool', 'true', help='Pause container during commit'),
        )),
    'config': Command(
        'compose config', '[OPTIONS] [SERVICE...]', 'Parse, resolve and render compose file in canonical format', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('environment', '', 'bool', help='Print environment used for interpolation.'),
            Flag('format', '', 'string', help='Format the output. Values: [yaml | json]'),
            Flag('hash', '', 'string', help='Print the service config hash, one per line.'),
            Flag('images', '', 'bool', help='Print the image names, one per line.'),
            Flag('lock-image-digests', '', 'bool', help='Produces an override file with image digests'),
            Flag('models', '', 'bool', help='Print the model names, one per line.'),
            Flag('networks', '', 'bool', help='Print the network names, one per line.'),
            Flag('no-consistency', '', 'bool', help="Don't check model consistency - warning: may produce invalid Compose output"),
            Flag('no-env-resolution', '', 'bool', help="Don't resolve service env files"),
            Flag('no-interpolate', '', 'bool', help="Don't interpolate environment variables"),
            Flag('no-normalize', '', 'bool', help="Don't normalize compose model"),
            Flag('no-path-resolution', '', 'bool', help="Don't resolve file paths"),
            Flag('output', 'o', 'string', help='Save to file (default to stdout)'),
            Flag('profiles', '', 'bool', help='Print the profile names, one per line.'),
            Flag('quiet', 'q', 'bool', help="Only validate the configuration, don't print anything"),
            Flag('resolve-image-digests', '', 'bool', help='Pin image tags to digests'),
            Flag('services', '', 'bool', help='Print the service names, one per line.'),
            Flag('variables', '', 'bool', help='Print model variables and default values.'),
            Flag('volumes', '', 'bool', help='Print the volume names, one per line.'),
        )),
    'cp': Command(
        'compose cp', '[OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH', 'Copy files/folders between a service container and the local filesystem', (), ('exact', 2), (
            Flag('all', '', 'bool', help='Include containers created by the run command'),
            Flag('archive', 'a', 'bool', help='Archive mode (copy all uid/gid information)'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('follow-link', 'L', 'bool', help='Always follow symbol link in SRC_PATH'),
            Flag('index', '', 'int', help='Index of the container if service has multiple replicas'),
        )),
    'create': Command(
        'compose create', '[OPTIONS] [SERVICE...]', 'Creates containers for a service', (), ('any',), (
            Flag('build', '', 'bool', help='Build images before starting containers'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('force-recreate', '', 'bool', help="Recreate containers even if their configuration and image haven't changed"),
            Flag('no-build', '', 'bool', help="Don't build an image, even if it's policy"),
            Flag('no-recreate', '', 'bool', help="If containers already exist, don't recreate them. Incompatible with --force-recreate."),
            Flag('pull', '', 'string', 'policy', help='Pull image before running ("always"|"missing"|"never"|"build")'),
            Flag('quiet-pull', '', 'bool', help='Pull without printing progress information'),
            Flag('remove-orphans', '', 'bool', help='Remove containers for services not defined in the Compose file'),
            Flag('scale', '', 'scale', help='Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.'),
            Flag('yes', 'y', 'bool', help='Assume "yes" as answer to all prompts and run non-interactively'),
        )),
    'down': Command(
        'compose down', '[OPTIONS] [SERVICES]', 'Stop and remove containers, networks', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('remove-orphans', '', 'bool', help='Remove containers for services not defined in the Compose file'),
            Flag('rmi', '', 'string', help='Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")'),
            Flag('timeout', 't', 'int', help='Specify a shutdown timeout in seconds'),
            Flag('volumes', 'v', 'bool', help='Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers'),
        )),
    'events': Command(
        'compose events', '[OPTIONS] [SERVICE...]', 'Receive real time events from containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('json', '', 'bool', help='Output events as a stream of json objects'),
            Flag('since', '', 'string', help='Show all events created since timestamp'),
            Flag('until', '', 'string', help='Stream events until this timestamp'),
        )),
    'exec': Command(
        'compose exec', '[OPTIONS] SERVICE COMMAND [ARGS...]', 'Execute a command in a running container', (), ('cobra-min', 2), (
            Flag('detach', 'd', 'bool', help='Detached mode: Run command in the background'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('env', 'e', 'stringArray', help='Set environment variables'),
            Flag('index', '', 'int', help='Index of the container if service has multiple replicas'),
            Flag('no-tty', 'T', 'bool', 'true', help="Disable pseudo-TTY allocation. By default 'docker compose exec' allocates a TTY."),
            Flag('privileged', '', 'bool', help='Give extended privileges to the process'),
            Flag('user', 'u', 'string', help='Run the command as this user'),
            Flag('workdir', 'w', 'string', help='Path to workdir directory for this command'),
        ), interspersed=False),
    'export': Command(
        'compose export', '[OPTIONS] SERVICE', "Export a service container's filesystem as a tar archive", (), ('cobra-min', 1), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('index', '', 'int', help='index of the container if service has multiple replicas.'),
            Flag('output', 'o', 'string', help='Write to a file, instead of STDOUT'),
        )),
    'images': Command(
        'compose images', '[OPTIONS] [SERVICE...]', 'List images used by the created containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('format', '', 'string', 'table', help='Format the output. Values: [table | json]'),
            Flag('quiet', 'q', 'bool', help='Only display IDs'),
        )),
    'kill': Command(
        'compose kill', '[OPTIONS] [SERVICE...]', 'Force stop service containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('remove-orphans', '', 'bool', help='Remove containers for services not defined in the Compose file'),
            Flag('signal', 's', 'string', 'SIGKILL', help='SIGNAL to send to the container'),
        )),
    'logs': Command(
        'compose logs', '[OPTIONS] [SERVICE...]', 'View output from containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('follow', 'f', 'bool', help='Follow log output'),
            Flag('index', '', 'int', help='index of the container if service has multiple replicas'),
            Flag('no-color', '', 'bool', help='Produce monochrome output'),
            Flag('no-log-prefix', '', 'bool', help="Don't print prefix in logs"),
            Flag('since', '', 'string', help='Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)'),
            Flag('tail', 'n', 'string', 'all', help='Number of lines to show from the end of the logs for each container'),
            Flag('timestamps', 't', 'bool', help='Show timestamps'),
            Flag('until', '', 'string', help='Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)'),
        )),
    'ls': Command(
        'compose ls', '[OPTIONS]', 'List running compose projects', (), ('cobra-none',), (
            Flag('all', 'a', 'bool', help='Show all stopped Compose projects'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('filter', '', 'filter', help='Filter output based on conditions provided'),
            Flag('format', '', 'string', 'table', help='Format the output. Values: [table | json]'),
            Flag('quiet', 'q', 'bool', help='Only display project names'),
        )),
    'pause': Command(
        'compose pause', '[SERVICE...]', 'Pause services', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
        )),
    'port': Command(
        'compose port', '[OPTIONS] SERVICE PRIVATE_PORT', 'Print the public port for a port binding', (), ('cobra-min', 2), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('index', '', 'int', help='Index of the container if service has multiple replicas'),
            Flag('protocol', '', 'string', 'tcp', help='tcp or udp'),
        )),
    'ps': Command(
        'compose ps', '[OPTIONS] [SERVICE...]', 'List containers', (), ('any',), (
            Flag('all', 'a', 'bool', help='Show all stopped containers (including those created by the run command)'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('filter', '', 'string', help='Filter services by a property (supported filters: status)'),
            Flag('format', '', 'string', 'table', help=_FORMAT_HELP),
            Flag('no-trunc', '', 'bool', help="Don't truncate output"),
            Flag('orphans', '', 'bool', 'true', help='Include orphaned services (not declared by project)'),
            Flag('quiet', 'q', 'bool', help='Only display IDs'),
            Flag('services', '', 'bool', help='Display services'),
            Flag('status', '', 'stringArray', help='Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]'),
        )),
    'publish': Command(
        'compose publish', '[OPTIONS] REPOSITORY[:TAG]', 'Publish compose application', (), ('exact', 1), (
            Flag('app', '', 'bool', help='Published compose application (includes referenced images)'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('oci-version', '', 'string', help='OCI image/artifact specification version (automatically determined by default)'),
            Flag('resolve-image-digests', '', 'bool', help='Pin image tags to digests'),
            Flag('with-env', '', 'bool', help='Include environment variables in the published OCI artifact'),
            Flag('yes', 'y', 'bool', help='Assume "yes" as answer to all prompts'),
        )),
    'pull': Command(
        'compose pull', '[OPTIONS] [SERVICE...]', 'Pull service images', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('ignore-buildable', '', 'bool', help='Ignore images that can be built'),
            Flag('ignore-pull-failures', '', 'bool', help='Pull what it can and ignores images with pull failures'),
            Flag('include-deps', '', 'bool', help='Also pull services declared as dependencies'),
            Flag('policy', '', 'string', help='Apply pull policy ("missing"|"always")'),
            Flag('quiet', 'q', 'bool', help='Pull without printing progress information'),
        )),
    'push': Command(
        'compose push', '[OPTIONS] [SERVICE...]', 'Push service images', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('ignore-push-failures', '', 'bool', help='Push what it can and ignores images with push failures'),
            Flag('include-deps', '', 'bool', help='Also push images of services declared as dependencies'),
            Flag('quiet', 'q', 'bool', help='Push without printing progress information'),
        )),
    'restart': Command(
        'compose restart', '[OPTIONS] [SERVICE...]', 'Restart service containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('no-deps', '', 'bool', help="Don't restart dependent services"),
            Flag('timeout', 't', 'int', help='Specify a shutdown timeout in seconds'),
        )),
    'rm': Command(
        'compose rm', '[OPTIONS] [SERVICE...]', 'Removes stopped service containers', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('force', 'f', 'bool', help="Don't ask to confirm removal"),
            Flag('stop', 's', 'bool', help='Stop the containers, if required, before removing'),
            Flag('volumes', 'v', 'bool', help='Remove any anonymous volumes attached to containers'),
        ), long=('Removes stopped service containers\n\nBy default, anonymous volumes attached to containers will not '
                 'be removed. You\ncan override this with -v. To list all volumes, use "docker volume ls".\n\nAny '
                 'data which is not in a volume will be lost.')),
    'run': Command(
        'compose run', '[OPTIONS] SERVICE [COMMAND] [ARGS...]', 'Run a one-off command on a service', (), ('cobra-min', 1), (
            Flag('build', '', 'bool', help='Build image before starting container'),
            Flag('cap-add', '', 'list', help='Add Linux capabilities'),
            Flag('cap-drop', '', 'list', help='Drop Linux capabilities'),
            Flag('detach', 'd', 'bool', help='Run container in background and print container ID'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('entrypoint', '', 'string', help='Override the entrypoint of the image'),
            Flag('env', 'e', 'stringArray', help='Set environment variables'),
            Flag('env-from-file', '', 'stringArray', help='Set environment variables from file'),
            Flag('interactive', 'i', 'bool', 'true', help='Keep STDIN open even if not attached'),
            Flag('label', 'l', 'stringArray', help='Add or override a label'),
            Flag('name', '', 'string', help='Assign a name to the container'),
            Flag('no-deps', '', 'bool', help="Don't start linked services"),
            Flag('no-tty', 'T', 'bool', 'true', help='Disable pseudo-TTY allocation (default: auto-detected)'),
            Flag('publish', 'p', 'stringArray', help="Publish a container's port(s) to the host"),
            Flag('pull', '', 'string', 'policy', help='Pull image before running ("always"|"missing"|"never")'),
            Flag('quiet', 'q', 'bool', help="Don't print anything to STDOUT"),
            Flag('quiet-build', '', 'bool', help='Suppress progress output from the build process'),
            Flag('quiet-pull', '', 'bool', help='Pull without printing progress information'),
            Flag('remove-orphans', '', 'bool', help='Remove containers for services not defined in the Compose file'),
            Flag('rm', '', 'bool', help='Automatically remove the container when it exits'),
            Flag('service-ports', 'P', 'bool', help="Run command with all service's ports enabled and mapped to the host"),
            Flag('use-aliases', '', 'bool', help="Use the service's network useAliases in the network(s) the container connects to"),
            Flag('user', 'u', 'string', help='Run as specified username or uid'),
            Flag('volume', 'v', 'stringArray', help='Bind mount a volume'),
            Flag('workdir', 'w', 'string', help='Working directory inside the container'),
        ), interspersed=False),
    'scale': Command(
        'compose scale', '[SERVICE=REPLICAS...]', 'Scale services ', (), ('cobra-min', 1), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('no-deps', '', 'bool', help="Don't start linked services"),
        ), long='Scale services'),
    'start': Command(
        'compose start', '[SERVICE...]', 'Start services', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('wait', '', 'bool', help='Wait for services to be running|healthy. Implies detached mode.'),
            Flag('wait-timeout', '', 'int', help='Maximum duration in seconds to wait for the project to be running|healthy'),
        )),
    'stats': Command(
        'compose stats', '[OPTIONS] [SERVICE]', 'Display a live stream of container(s) resource usage statistics', (), ('cobra-max', 1), (
            Flag('all', 'a', 'bool', help='Show all containers (default shows just running)'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('format', '', 'string', help=_FORMAT_HELP.replace('go/formatting', 'engine/cli/formatting')),
            Flag('no-stream', '', 'bool', help='Disable streaming stats and only pull the first result'),
            Flag('no-trunc', '', 'bool', help='Do not truncate output'),
        )),
    'stop': Command(
        'compose stop', '[OPTIONS] [SERVICE...]', 'Stop services', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('timeout', 't', 'int', help='Specify a shutdown timeout in seconds'),
        )),
    'top': Command(
        'compose top', '[SERVICES...]', 'Display the running processes', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
        )),
    'unpause': Command(
        'compose unpause', '[SERVICE...]', 'Unpause services', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
        )),
    'up': Command(
        'compose up', '[OPTIONS] [SERVICE...]', 'Create and start containers', (), ('any',), (
            Flag('abort-on-container-exit', '', 'bool', help='Stops all containers if any container was stopped. Incompatible with -d'),
            Flag('abort-on-container-failure', '', 'bool', help='Stops all containers if any container exited with failure. Incompatible with -d'),
            Flag('always-recreate-deps', '', 'bool', help='Recreate dependent containers. Incompatible with --no-recreate.'),
            Flag('attach', '', 'stringArray', help='Restrict attaching to the specified services. Incompatible with --attach-dependencies.'),
            Flag('attach-dependencies', '', 'bool', help='Automatically attach to log output of dependent services'),
            Flag('build', '', 'bool', help='Build images before starting containers'),
            Flag('detach', 'd', 'bool', help='Detached mode: Run containers in the background'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('exit-code-from', '', 'string', help='Return the exit code of the selected service container. Implies --abort-on-container-exit'),
            Flag('force-recreate', '', 'bool', help="Recreate containers even if their configuration and image haven't changed"),
            Flag('menu', '', 'bool', help='Enable interactive shortcuts when running attached. Incompatible with --detach. Can also be enable/disable by setting COMPOSE_MENU environment var.'),
            Flag('no-attach', '', 'stringArray', help='Do not attach (stream logs) to the specified services'),
            Flag('no-build', '', 'bool', help="Don't build an image, even if it's policy"),
            Flag('no-color', '', 'bool', help='Produce monochrome output'),
            Flag('no-deps', '', 'bool', help="Don't start linked services"),
            Flag('no-log-prefix', '', 'bool', help="Don't print prefix in logs"),
            Flag('no-recreate', '', 'bool', help="If containers already exist, don't recreate them. Incompatible with --force-recreate."),
            Flag('no-start', '', 'bool', help="Don't start the services after creating them"),
            Flag('pull', '', 'string', 'policy', help='Pull image before running ("always"|"missing"|"never")'),
            Flag('quiet-build', '', 'bool', help='Suppress the build output'),
            Flag('quiet-pull', '', 'bool', help='Pull without printing progress information'),
            Flag('remove-orphans', '', 'bool', help='Remove containers for services not defined in the Compose file'),
            Flag('renew-anon-volumes', 'V', 'bool', help='Recreate anonymous volumes instead of retrieving data from the previous containers'),
            Flag('scale', '', 'scale', help='Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.'),
            Flag('timeout', 't', 'int', help='Use this timeout in seconds for container shutdown when attached or when containers are already running'),
            Flag('timestamps', '', 'bool', help='Show timestamps'),
            Flag('wait', '', 'bool', help='Wait for services to be running|healthy. Implies detached mode.'),
            Flag('wait-timeout', '', 'int', help='Maximum duration in seconds to wait for the project to be running|healthy'),
            Flag('watch', 'w', 'bool', help='Watch source code and rebuild/refresh containers when files are updated.'),
            Flag('yes', 'y', 'bool', help='Assume "yes" as answer to all prompts and run non-interactively'),
        )),
    'version': Command(
        'compose version', '[OPTIONS]', 'Show the Docker Compose version information', (), ('cobra-none',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('format', 'f', 'string', help='Format the output. Values: [pretty | json]. (Default: pretty)'),
            Flag('short', '', 'bool', help="Shows only Compose's version number"),
        )),
    'volumes': Command(
        'compose volumes', '[OPTIONS] [SERVICE...]', 'List volumes', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('format', '', 'string', 'table', help=_FORMAT_HELP),
            Flag('quiet', 'q', 'bool', help='Only display volume names'),
        )),
    'wait': Command(
        'compose wait', 'SERVICE [SERVICE...] [OPTIONS]', 'Block until containers of all (or specified) services stop.', (), ('min', 1), (
            Flag('down-project', '', 'bool', help='Drops project when the first container stops'),
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
        )),
    'watch': Command(
        'compose watch', '[SERVICE...]', 'Watch build context for service and rebuild/refresh containers when files are updated', (), ('any',), (
            Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
            Flag('no-up', '', 'bool', help='Do not build & start services before watching'),
            Flag('prune', '', 'bool', 'true', help='Prune dangling images on rebuild'),
            Flag('quiet', '', 'bool', help='hide build output'),
        )),
}

# Command groups of the plugin (listed under "Management Commands:"); pydock's backends have none of them.
MANAGEMENT: dict[str, Command] = {
    'bridge': Command('compose bridge', '[OPTIONS] COMMAND', 'Convert compose files into another model', (), ('any',), (
        Flag('dry-run', '', 'bool', help='Execute command in dry run mode'),
    )),
}
