"""How the nerdctl backend handles each docker flag: docker's spec (shim/spec) describes docker only.

A flag not listed is passed to nerdctl as docker spells it (PASS). The others: EMULATE (pydock does it,
or rewrites it, itself), REFUSE (nerdctl cannot express it: docker's flag error, exit 125, nothing runs),
NOOP (docker itself accepts and ignores it), OWN (one of pydock's own options), or a nerdctl flag name
(`--time`): a rename. The note says why, and ends up in docs/compat.md and the man page. Keyed by the
command's name (`run`, `container inspect`; "" for docker's global flags). Data only.
"""

from __future__ import annotations

from shim.backends.handling import EMULATE, NOOP, OWN, PASS, REFUSE

FLAGS: dict[str, dict[str, tuple[str, str]]] = {
    '': {
        'config': (EMULATE, 'becomes DOCKER_CONFIG for nerdctl, which reads registry credentials there'),
        'context': (EMULATE, "docker's contexts, shared with docker (its context store): a unix:// endpoint is a "
                    "containerd socket; ssh:// runs nerdctl on that host over ssh"),
        'debug': (EMULATE, "becomes nerdctl's --debug (nerdctl has no -D)"),
        'host': (EMULATE, 'unix:///path/containerd.sock becomes nerdctl --address; ssh://[user@]host[:port] runs nerdctl on that host through the system ssh (docs/migration.md); tcp:// cannot work (containerd serves no docker API on TCP)'),
        'log-level': (EMULATE, '"debug" turns on nerdctl --debug; the other levels are checked and accepted (pydock logs nothing below a warning)'),
        'tls': (REFUSE, 'there is no remote daemon to reach over TLS'),
        'tlscacert': (REFUSE, 'there is no remote daemon to reach over TLS'),
        'tlscert': (REFUSE, 'there is no remote daemon to reach over TLS'),
        'tlskey': (REFUSE, 'there is no remote daemon to reach over TLS'),
        'tlsverify': (REFUSE, 'there is no remote daemon to reach over TLS'),
        'version': (EMULATE, "pydock prints docker's one-line version format with its own version"),
        'dry-run': (OWN, "pydock's own option"),
        'backend': (OWN, "pydock's own option"),
        'namespace': (OWN, "pydock's own option; becomes nerdctl --namespace"),
    },
    'build': {
        'build-arg': (PASS, "nerdctl, like docker, takes a bare NAME's value from the environment and leaves it out when unset"),
        'cgroup-parent': (REFUSE, "docker's buildx places RUN steps in that cgroup; nerdctl build cannot"),
        'compress': (NOOP, 'the context goes to a local buildkitd, never over a network'),
        'cpu-period': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'cpu-quota': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'cpu-shares': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'cpuset-cpus': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'cpuset-mems': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'disable-content-trust': (NOOP, 'content trust is off by default in docker too'),
        'file': (EMULATE, '`-f -` reads the Dockerfile from stdin; a Dockerfile outside the context works'),
        'force-rm': (NOOP, 'BuildKit leaves no intermediate containers'),
        'iidfile': (EMULATE, "nerdctl writes the manifest digest: the image ID `pydock images` shows (Engine 29's)"),
        'isolation': (EMULATE, "docker's buildx prints its deprecation warning and ignores it; so does pydock"),
        'memory': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'memory-swap': (NOOP, "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"),
        'quiet': (EMULATE, "pydock prints the image ID as `pydock images` shows it (Engine 29's: the manifest digest); "
                           "after a local or tar `-o`, which makes no image, buildx's empty line"),
        'rm': (NOOP, 'BuildKit leaves no intermediate containers'),
        'security-opt': (EMULATE, "docker's buildx prints its deprecation warning and ignores it; so does pydock"),
        'shm-size': (REFUSE, "docker's buildx sizes /dev/shm of RUN steps; nerdctl build cannot"),
        'squash': (EMULATE, "docker's buildx prints its deprecation warning and ignores it; so does pydock"),
        'ulimit': (REFUSE, "docker's buildx applies it to RUN steps; nerdctl build cannot"),
        'progress': (EMULATE, "buildx's: quiet is -q; auto, plain and tty go to nerdctl"),
        'output': (PASS, "buildx's; nerdctl takes one output (the last); `-o -` and `type=tar|oci` without dest "
                         "write the archive to stdout, as buildx does (never to a terminal, nothing after it); -q "
                         "and --iidfile give the ID BuildKit reports for an oci or docker archive (its config "
                         "digest, not nerdctl's manifest digest); a local or tar output with --iidfile is refused, "
                         "as buildx refuses it"),
        'load': (NOOP, "nerdctl stores the built image in containerd's image store anyway"),
        'push': (REFUSE, 'nerdctl build cannot push; run `pydock push` after the build'),
    },
    'container inspect': {
        'format': (EMULATE, "pydock renders docker's inspect JSON itself and applies the template to it"),
        'size': (EMULATE, "SizeRw and SizeRootFs come from nerdctl's container sizes"),
    },
    'exec': {
        'env-file': (EMULATE, "pydock reads the files as docker's client does (trailing whitespace kept, a bare NAME from the environment, docker's errors) and passes each entry as --env"),
        'detach-keys': (EMULATE, "nerdctl exec has no detach keys: pydock relays the terminal and watches for them as docker's client does"),
    },
    'history': {
        'format': (EMULATE, "pydock prints docker's rows (image ID on the newest layer, <missing> below) from nerdctl's JSON"),
        'human': (EMULATE, "passed to nerdctl, whose sizes and dates pydock prints in docker's columns"),
        'no-trunc': (EMULATE, 'pydock truncates CREATED BY and IDs as docker does'),
        'platform': (REFUSE, 'nerdctl history has no --platform'),
        'quiet': (EMULATE, 'the image ID per layer, as docker'),
    },
    'image inspect': {
        'format': (EMULATE, "pydock renders docker's inspect JSON itself and applies the template to it"),
        'platform': (EMULATE, 'passed to nerdctl image inspect --platform'),
    },
    'images': {
        'all': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'digests': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'filter': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'format': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'no-trunc': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'quiet': (EMULATE, "pydock selects and prints images itself, from nerdctl's list and inspect data, the way docker does"),
        'tree': (REFUSE, "docker's experimental tree view has no nerdctl counterpart"),
    },
    'info': {
        'format': (EMULATE, "pydock fills docker's info structure from nerdctl's and containerd's"),
    },
    'inspect': {
        'format': (EMULATE, "pydock renders docker's inspect JSON itself and applies the template to it"),
        'size': (EMULATE, "SizeRw and SizeRootFs come from nerdctl's container sizes"),
        'type': (EMULATE, 'container or image (pydock knows no other object types)'),
    },
    'load': {
        'input': (EMULATE, 'pydock streams the file into nerdctl load itself, reading the image names on the way (docker prints them all; nerdctl 2.3 does not reliably)'),
        'quiet': (EMULATE, "pydock prints docker's `Loaded image:` lines itself, which docker prints with -q too"),
    },
    'logs': {
        'tail': (EMULATE, 'a count is passed as --tail; 0 (which nerdctl reads as everything) prints no old lines, and a value that is not a number means everything, as the engine reads it'),
    },
    'ps': {
        'all': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'filter': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'format': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'last': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'latest': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'no-trunc': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'quiet': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
        'size': (EMULATE, "pydock selects and prints containers itself, from nerdctl's inspect data, the way docker does"),
    },
    'pull': {
        'all-tags': (REFUSE, 'nerdctl v2.3.5 has no --all-tags for pull'),
        'disable-content-trust': (EMULATE, "true (docker's default) changes nothing; false would need Notary signatures and is refused"),
        'quiet': (EMULATE, 'nerdctl --quiet prints nothing; pydock prints the full reference afterwards, as docker does'),
    },
    'push': {
        'all-tags': (EMULATE, "nerdctl v2.3.5 has no --all-tags: pydock lists the repository's local tags and pushes each"),
        'disable-content-trust': (EMULATE, "true (docker's default) changes nothing; false would need Notary signing and is refused"),
        'quiet': (EMULATE, "nerdctl pushes silently either way; pydock prints docker's lines, or with -q only the reference"),
    },
    'rm': {
        'link': (REFUSE, 'nerdctl has no legacy container links'),
    },
    'rmi': {
        'force': (EMULATE, "pydock resolves names and IDs itself, with docker's rules (an ID shared by several names needs -f; untagging an image that keeps other names needs none), and passes --force to nerdctl where docker would remove"),
        'no-prune': (NOOP, 'containerd keeps no untagged parent images, so there is nothing to prune or keep'),
        'platform': (REFUSE, 'nerdctl rmi has no --platform'),
    },
    'save': {
        'output': (EMULATE, "nerdctl writes the archive into a private file that pydock checks and then gives the output's name, so a failed or killed save leaves no partial file (as docker's client renames its temporary file)"),
    },
    'run': {
        'attach': (EMULATE, "nerdctl's -a never ends once stdin is involved: pydock attaches stdin with -i, as docker does, and drops the output streams -a does not name"),
        'cgroupns': (EMULATE, "checked as docker does, then passed on; without it nerdctl, like Docker Engine, uses the host's namespace on cgroup v1 and a private one on v2"),
        'cpu-count': (EMULATE, "docker's own answer for a Linux daemon: only supported on a Docker daemon running on windows (exit 1)"),
        'cpu-percent': (EMULATE, "docker's own answer for a Linux daemon: only supported on a Docker daemon running on windows (exit 1)"),
        'device-cgroup-rule': (REFUSE, 'nerdctl v2.3.5 has no --device-cgroup-rule'),
        'disable-content-trust': (EMULATE, "true (docker's default) changes nothing; false would need Notary signatures and is refused"),
        'env-file': (EMULATE, "pydock reads the files as docker's client does (trailing whitespace kept, a bare NAME from the environment, docker's errors) and passes each entry as --env"),
        'expose': (EMULATE, 'nerdctl v2.3.5 has no --expose: pydock checks the values as docker does, keeps the ports (ranges expanded) in a label that ps and inspect show, and -P publishes them'),
        'health-cmd': (PASS, "pydock runs the check every --health-interval in the background, as Docker's daemon does (nerdctl schedules checks only with systemd)"),
        'health-start-interval': (REFUSE, 'nerdctl v2.3.5 has no --health-start-interval'),
        'init': (EMULATE, "passed with --init-binary=docker-init: Docker's static tini, which works in any image (nerdctl's default, tini, is dynamically linked on Debian)"),
        'io-maxbandwidth': (EMULATE, "docker's own answer for a Linux daemon: only supported on a Docker daemon running on windows (exit 1)"),
        'io-maxiops': (EMULATE, "docker's own answer for a Linux daemon: only supported on a Docker daemon running on windows (exit 1)"),
        'link': (EMULATE, "nerdctl has no links: pydock looks the linked container up and adds a hosts entry for the alias on the network both share, and on the default bridge network docker's legacy variables (ALIAS_PORT_80_TCP, ALIAS_NAME, ALIAS_ENV_…); they are set when the container is created, not updated later"),
        'link-local-ip': (REFUSE, 'nerdctl has no link-local addresses'),
        'net-alias': (REFUSE, 'nerdctl v2.3.5 has no network aliases'),
        'network-alias': (REFUSE, 'nerdctl v2.3.5 has no network aliases'),
        'publish-all': (EMULATE, "nerdctl v2.3.5 has no --publish-all: pydock reads the image's ExposedPorts, adds --expose's, and publishes each port no -p binds as -p PORT/PROTO (a random host port)"),
        'rm': (EMULATE, 'passed as --rm; with -d (which nerdctl refuses) pydock starts the container detached and a background waiter removes it when it exits'),
        'storage-opt': (REFUSE, 'nerdctl has no per-container storage options'),
        'use-api-socket': (REFUSE, 'there is no Docker API socket to mount'),
        'volume-driver': (REFUSE, 'nerdctl has no volume drivers'),
    },
    'system df': {
        'format': (EMULATE, "pydock computes docker's rows from nerdctl's images, containers, volumes and BuildKit's cache"),
        'verbose': (REFUSE, "pydock prints docker's summary rows; the per-object listing of -v is not built"),
    },
    'stop': {
        'timeout': ('--time', "nerdctl knows only docker's older name, --time"),
    },
    'version': {
        'format': (EMULATE, "pydock fills docker's version structure from pydock, nerdctl and containerd"),
    },
    # docker's other commands: flags nerdctl's command of the same words lacks (the rest pass as docker spells them)
    'attach': {
        'detach-keys': (EMULATE, "pydock follows the container's output (nerdctl attaches only to containers it ran with -d -i); there is no stdin to read the keys from"),
        'no-stdin': (EMULATE, "pydock follows the container's output (nerdctl attaches only to containers it ran with -d -i), without stdin"),
        'sig-proxy': (REFUSE, 'nerdctl v2.3.5\'s `attach` has no --sig-proxy'),
    },
    'cp': {
        'archive': (REFUSE, 'nerdctl v2.3.5\'s `cp` has no --archive'),
        'quiet': (NOOP, 'nerdctl cp prints no progress anyway'),
    },
    'create': {
        'attach': (REFUSE, 'nerdctl create has no --attach (attach with `start -a`)'),
        'env-file': (EMULATE, "pydock reads the files as docker's client does (trailing whitespace kept, a bare NAME from the environment, docker's errors) and passes each entry as --env"),
    },
    'login': {
        'password': (EMULATE, "pydock hands it to nerdctl on stdin (--password-stdin), never on its command line, where every user of the host would see it; shown as --password=****"),
    },
    'restart': {
        'time': ('--time', "docker's deprecated name, nerdctl's only one"),
        'timeout': ('--time', "nerdctl knows only docker's older name, --time"),
    },
    'update': {
        'cpu-rt-period': (REFUSE, 'nerdctl v2.3.5\'s `update` has no --cpu-rt-period'),
        'cpu-rt-runtime': (REFUSE, 'nerdctl v2.3.5\'s `update` has no --cpu-rt-runtime'),
    },
    'container prune': {
        'filter': (EMULATE, "pydock applies the Engine's until, label and label! filters (nerdctl's prune has none)"),
    },
    'events': {
        'since': (REFUSE, 'nerdctl v2.3.5\'s `events` has no --since'),
        'until': (REFUSE, 'nerdctl v2.3.5\'s `events` has no --until'),
    },
    # pydock runs its own prunes one after another, as docker's client does (system_prune.py)
    'system prune': {
        'all': (EMULATE, "image prune -a and builder prune --all, as docker passes it"),
        'filter': (EMULATE, "given to each of pydock's prunes, as docker's client does"),
        'force': (EMULATE, "pydock asks docker's question unless given"),
        'volumes': (EMULATE, "pydock's volume prune of anonymous volumes, between networks and images"),
    },
    'image prune': {
        'all': (EMULATE, 'pydock picks the images no container uses and removes them with nerdctl rmi'),
        'filter': (EMULATE, "pydock applies docker's until, label and label! filters (nerdctl's prune has none)"),
        'force': (EMULATE, "pydock asks docker's question unless given"),
    },
    'import': {
        'change': (EMULATE, 'nerdctl v2.3.5\'s `import` has no --change: pydock makes the image itself and loads it'),
        'message': (EMULATE, "pydock writes it into the image's config and history, as docker does"),
        'platform': (EMULATE, "pydock writes it into the image's config"),
    },
    # docker with buildx hands `builder prune` to `buildx prune`: pydock prunes with buildctl, as buildx does
    'builder prune': {
        'all': (EMULATE, "buildctl prune --all"),
        'filter': (EMULATE, "buildx's: until (and unused-for) become --keep-duration, the others BuildKit's own filters"),
        'force': (EMULATE, "pydock asks docker's question unless given"),
        'keep-storage': (EMULATE, "buildx's reserved space: buildctl prune --keep-storage-min"),
    },
    'buildx prune': {
        'all': (EMULATE, "buildctl prune --all"),
        'builder': (EMULATE, 'only "default", the one builder pydock has'),
        'debug': (NOOP, "buildx's own debug log; pydock has none to add"),
        'filter': (EMULATE, "buildx's: until (and unused-for) become --keep-duration, the others BuildKit's own filters"),
        'force': (EMULATE, "pydock asks docker's question unless given"),
        'keep-storage': (EMULATE, "the deprecated name of --reserved-space"),
        'max-used-space': (EMULATE, "buildctl prune --keep-storage"),
        'min-free-space': (EMULATE, "buildctl prune --free-storage"),
        'reserved-space': (EMULATE, "buildctl prune --keep-storage-min"),
        'timeout': (EMULATE, "buildctl's --timeout (seconds to reach buildkitd)"),
        'verbose': (EMULATE, "pydock prints buildx's record per pruned cache entry"),
    },
    'buildx ls': {
        'builder': (NOOP, 'buildx lists every builder whatever it names (the flag is hidden there)'),
        'debug': (NOOP, "buildx's own debug log; pydock has none to add"),
        'format': (EMULATE, "buildx's table, json or a Go template, from buildctl debug workers"),
        'no-trunc': (EMULATE, 'every platform, not four groups'),
        'timeout': (EMULATE, "buildctl's --timeout (seconds to reach buildkitd)"),
    },
    'buildx inspect': {
        'bootstrap': (NOOP, "pydock's builder is buildkitd itself, running already (pydock daemon start)"),
        'builder': (EMULATE, 'only "default", the one builder pydock has'),
        'debug': (NOOP, "buildx's own debug log; pydock has none to add"),
        'timeout': (EMULATE, "buildctl's --timeout (seconds to reach buildkitd)"),
    },
    'buildx version': {
        'builder': (NOOP, "buildx's version names no builder"),
        'debug': (NOOP, "buildx's own debug log; pydock has none to add"),
    },
    'network connect': {
        'alias': (REFUSE, 'nerdctl v2.3.5 has no network aliases'),
        'driver-opt': (REFUSE, "pydock runs the network's CNI plugins as nerdctl configured them; there are no per-endpoint driver options"),
        'gw-priority': (REFUSE, "the CNI bridge plugin sets the container's default route itself"),
        'ip': (REFUSE, "nerdctl's networks take addresses from host-local in order; pydock cannot ask for one address"),
        'ip6': (REFUSE, "nerdctl's networks take addresses from host-local in order; pydock cannot ask for one address"),
        'link': (REFUSE, 'links are set when a container is created (run --link), not when it joins a network'),
        'link-local-ip': (REFUSE, 'the CNI bridge plugin assigns no link-local addresses'),
    },
    'network disconnect': {
        'force': (NOOP, 'pydock removes the interface of a running container whatever its state'),
    },
    'network create': {
        'attachable': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --attachable'),
        'aux-address': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --aux-address'),
        'config-from': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --config-from'),
        'config-only': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --config-only'),
        'ingress': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --ingress'),
        'ipv4': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --ipv4'),
        'scope': (REFUSE, 'nerdctl v2.3.5\'s `network create` has no --scope'),
    },
    'network inspect': {
        'verbose': (REFUSE, 'nerdctl v2.3.5\'s `network inspect` has no --verbose'),
    },
    'network ls': {
        'no-trunc': (EMULATE, 'pydock prints the list itself, from nerdctl\'s network configs'),
        'filter': (EMULATE, 'pydock selects with Docker Engine\'s filters (name, id, label, driver, type, scope, dangling)'),
        'format': (EMULATE, 'docker\'s templates over docker\'s fields'),
    },
    'network prune': {
        'filter': (EMULATE, 'pydock selects the networks (label, label!) and removes them with nerdctl'),
    },
    'network rm': {
        'force': (EMULATE, 'a missing network is no error'),
    },
    'volume create': {
        'availability': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'group': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'limit-bytes': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'required-bytes': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'scope': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'secret': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'sharing': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'topology-preferred': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'topology-required': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'type': (EMULATE, "a cluster volume's: Docker Engine's answer outside a swarm (\"This node is not a swarm manager\", exit 1)"),
        'driver': (EMULATE, 'only `local` (docker\'s default, the one driver nerdctl has) is accepted; any other is the daemon\'s plugin-not-found error'),
        'name': (EMULATE, 'docker\'s hidden spelling of the VOLUME argument'),
        'opt': (EMULATE, 'checked as the local driver checks it; valid mount options are refused: nerdctl\'s volumes are plain folders, never mounted'),
    },
    'volume ls': {
        'cluster': (EMULATE, "cluster volumes are swarm's: pydock prints docker's cluster table with no rows, as Docker Engine does outside a swarm"),
    },
    'volume prune': {
        'filter': (EMULATE, 'pydock selects the volumes (label, label!, all) and removes them with nerdctl'),
    },
}


# docker's create takes run's flags (less a few of run's own), and create.py handles them as run.py does.
SAME_FLAGS = {"create": "run"}


def handling(command: str, flag: str) -> tuple[str, str]:
    """(how nerdctl handles docker's `--flag` of `command`, why): PASS with no note when not listed."""
    own = FLAGS.get(command, {}).get(flag)
    return own or FLAGS.get(SAME_FLAGS.get(command, ""), {}).get(flag, (PASS, ""))


# docker's other commands (shim/spec/others.py): each runs as the nerdctl command of the same words, except
# these, which nerdctl names otherwise, and the ones it lacks (docker's kind of error, exit 1, with the reason).
RENAMED: dict[str, tuple[str, ...]] = {
    'container top': ('top',),
}

# Why nerdctl has no such command, per docker command group.
WHY = {
    'swarm': "swarm mode is Docker Engine's orchestrator; containerd has none",
    'checkpoint': 'nerdctl has no checkpoint/restore (CRIU) commands',
    'context': 'nerdctl has no docker contexts',
    'manifest': 'nerdctl has no manifest list commands',
    'plugin': 'containerd has no Docker Engine plugins',
    'trust': 'nerdctl has no Notary content trust',
    'volume': 'only swarm cluster volumes can be updated',
}
LACKING: dict[str, str] = {
    'checkpoint create': 'checkpoint',
    'checkpoint ls': 'checkpoint',
    'checkpoint rm': 'checkpoint',
    'config create': 'swarm',
    'config inspect': 'swarm',
    'config ls': 'swarm',
    'config rm': 'swarm',
    'context create': 'context',
    'context export': 'context',
    'context import': 'context',
    'context inspect': 'context',
    'context ls': 'context',
    'context rm': 'context',
    'context show': 'context',
    'context update': 'context',
    'context use': 'context',
    'manifest annotate': 'manifest',
    'manifest create': 'manifest',
    'manifest inspect': 'manifest',
    'manifest push': 'manifest',
    'manifest rm': 'manifest',
    'node demote': 'swarm',
    'node inspect': 'swarm',
    'node ls': 'swarm',
    'node promote': 'swarm',
    'node ps': 'swarm',
    'node rm': 'swarm',
    'node update': 'swarm',
    'plugin create': 'plugin',
    'plugin disable': 'plugin',
    'plugin enable': 'plugin',
    'plugin inspect': 'plugin',
    'plugin install': 'plugin',
    'plugin ls': 'plugin',
    'plugin push': 'plugin',
    'plugin rm': 'plugin',
    'plugin set': 'plugin',
    'plugin upgrade': 'plugin',
    'secret create': 'swarm',
    'secret inspect': 'swarm',
    'secret ls': 'swarm',
    'secret rm': 'swarm',
    'service create': 'swarm',
    'service inspect': 'swarm',
    'service logs': 'swarm',
    'service ls': 'swarm',
    'service ps': 'swarm',
    'service rm': 'swarm',
    'service rollback': 'swarm',
    'service scale': 'swarm',
    'service update': 'swarm',
    'stack config': 'swarm',
    'stack deploy': 'swarm',
    'stack ls': 'swarm',
    'stack ps': 'swarm',
    'stack rm': 'swarm',
    'stack services': 'swarm',
    'swarm ca': 'swarm',
    'swarm init': 'swarm',
    'swarm join': 'swarm',
    'swarm join-token': 'swarm',
    'swarm leave': 'swarm',
    'swarm unlock': 'swarm',
    'swarm unlock-key': 'swarm',
    'swarm update': 'swarm',
    'trust inspect': 'trust',
    'trust revoke': 'trust',
    'trust sign': 'trust',
    'volume update': 'volume',
}


def other_command(path: str) -> tuple[str, ...]:
    """The nerdctl command for one of docker's other command paths; () where nerdctl lacks it."""
    if path in LACKING:
        return ()
    return RENAMED.get(path) or tuple(path.split())
