"""docker build: build an image from a Dockerfile (also `docker image build`, `docker builder build` and
buildx's `docker buildx build`).

The flags and help are docker CLI 28.2.2's own `build` (its help without the buildx plugin); nerdctl builds
with BuildKit, as `docker build` does once buildx is installed, so the buildx flags scripts use with it
(--progress, --secret, --ssh, --cache-to, --output, --load, --push) are accepted too, hidden from help
as docker 28.2.2 shows none of them.
"""

from __future__ import annotations

from shim.spec import EMULATE, NOOP, REFUSE, Command, Flag

# docker with buildx (what `docker build` is on BuildKit) accepts these legacy-builder limits and ignores them
_IGNORED = "docker's buildx accepts and ignores it: BuildKit sets no per-build CPU or memory limits"
_WARNED = "docker's buildx prints its deprecation warning and ignores it; so does pydock"

COMMAND = Command(
    'build',
    '[OPTIONS] PATH | URL | -',
    'Build an image from a Dockerfile',
    ('image build', 'build', 'builder build'),
    ('exact', 1),
    (
        Flag('add-host', '', 'list', help='Add a custom host-to-IP mapping ("host:ip")'),
        Flag('build-arg', '', 'list', help='Set build-time variables',
             note="nerdctl, like docker, takes a bare NAME's value from the environment and leaves it out when unset"),
        Flag('cache-from', '', 'strings', help='Images to consider as cache sources'),
        Flag('cgroup-parent', '', 'string', help='Set the parent cgroup for the "RUN" instructions during build',
             nerdctl=REFUSE, note="docker's buildx places RUN steps in that cgroup; nerdctl build cannot"),
        Flag('compress', '', 'bool', help='Compress the build context using gzip', nerdctl=NOOP,
             note="the context goes to a local buildkitd, never over a network"),
        Flag('cpu-period', '', 'int', help='Limit the CPU CFS (Completely Fair Scheduler) period', nerdctl=NOOP,
             note=_IGNORED),
        Flag('cpu-quota', '', 'int', help='Limit the CPU CFS (Completely Fair Scheduler) quota', nerdctl=NOOP,
             note=_IGNORED),
        Flag('cpu-shares', 'c', 'int', help='CPU shares (relative weight)', nerdctl=NOOP, note=_IGNORED),
        Flag('cpuset-cpus', '', 'string', help='CPUs in which to allow execution (0-3, 0,1)', nerdctl=NOOP,
             note=_IGNORED),
        Flag('cpuset-mems', '', 'string', help='MEMs in which to allow execution (0-3, 0,1)', nerdctl=NOOP,
             note=_IGNORED),
        Flag('disable-content-trust', '', 'bool', 'true', help='Skip image verification', nerdctl=NOOP,
             note="content trust is off by default in docker too"),
        Flag('file', 'f', 'string', help='Name of the Dockerfile (Default is "PATH/Dockerfile")', hint='file',
             nerdctl=EMULATE, note="`-f -` reads the Dockerfile from stdin; a Dockerfile outside the context works"),
        Flag('force-rm', '', 'bool', help='Always remove intermediate containers', nerdctl=NOOP,
             note="BuildKit leaves no intermediate containers"),
        Flag('iidfile', '', 'string', help='Write the image ID to the file', hint='file', nerdctl=EMULATE,
             note="nerdctl writes the manifest digest: the image ID `pydock images` shows (Engine 29's)"),
        Flag('isolation', '', 'string', help='Container isolation technology', nerdctl=EMULATE, note=_WARNED),
        Flag('label', '', 'list', help='Set metadata for an image'),
        Flag('memory', 'm', 'bytes', help='Memory limit', nerdctl=NOOP, note=_IGNORED),
        Flag('memory-swap', '', 'bytes', help='Swap limit equal to memory plus swap: -1 to enable unlimited swap',
             nerdctl=NOOP, note=_IGNORED),
        Flag('network', '', 'string', 'default', help='Set the networking mode for the RUN instructions during build',
             hint='network'),
        Flag('no-cache', '', 'bool', help='Do not use cache when building the image'),
        Flag('platform', '', 'string', help='Set platform if server is multi-platform capable'),
        Flag('pull', '', 'bool', help='Always attempt to pull a newer version of the image'),
        Flag('quiet', 'q', 'bool', help='Suppress the build output and print image ID on success', nerdctl=EMULATE,
             note="pydock prints the image ID as `pydock images` shows it (Engine 29's: the manifest digest)"),
        Flag('rm', '', 'bool', 'true', help='Remove intermediate containers after a successful build', nerdctl=NOOP,
             note="BuildKit leaves no intermediate containers"),
        Flag('security-opt', '', 'strings', help='Security options', nerdctl=EMULATE, note=_WARNED),
        Flag('shm-size', '', 'bytes', help='Size of "/dev/shm"', nerdctl=REFUSE,
             note="docker's buildx sizes /dev/shm of RUN steps; nerdctl build cannot"),
        Flag('squash', '', 'bool', help='Squash newly built layers into a single new layer', nerdctl=EMULATE,
             note=_WARNED),
        Flag('tag', 't', 'list', help='Name and optionally a tag in the "name:tag" format'),
        Flag('target', '', 'string', help='Set the target build stage to build.'),
        Flag('ulimit', '', 'ulimit', '[]', help='Ulimit options', nerdctl=REFUSE,
             note="docker's buildx applies it to RUN steps; nerdctl build cannot"),
        # buildx's flags (`docker build` is `docker buildx build` once the plugin is installed)
        Flag('progress', '', 'string', 'auto', help='Set type of progress output ("auto", "quiet", "plain", "tty")',
             hidden=True, nerdctl=EMULATE, note="buildx's: quiet is -q; auto, plain and tty go to nerdctl"),
        Flag('secret', '', 'stringArray', help='Secret to expose to the build', hidden=True),
        Flag('ssh', '', 'stringArray', help='SSH agent socket or keys to expose to the build', hidden=True),
        Flag('cache-to', '', 'stringArray', help='Cache export destinations', hidden=True),
        Flag('output', 'o', 'stringArray', help='Output destination', hidden=True,
             note="buildx's; nerdctl takes one output (the last)"),
        Flag('load', '', 'bool', help='Shorthand for "--output=type=docker"', hidden=True, nerdctl=NOOP,
             note="nerdctl stores the built image in containerd's image store anyway"),
        Flag('push', '', 'bool', help='Shorthand for "--output=type=registry"', hidden=True, nerdctl=REFUSE,
             note="nerdctl build cannot push; run `pydock push` after the build"),
    ),
)
