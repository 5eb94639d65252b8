"""docker build: build an image from a Dockerfile (also `docker image build`, `docker builder build` and
buildx's `docker buildx build`).

The flags and help are docker CLI 28.2.2's own `build` (its help without the buildx plugin); nerdctl builds
with BuildKit, as `docker build` does once buildx is installed, so the buildx flags scripts use with it
(--progress, --secret, --ssh, --cache-to, --output, --load, --push) are accepted too, hidden from help
as docker 28.2.2 shows none of them.
"""

from __future__ import annotations

from shim.spec import Command, Flag

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
        Flag('build-arg', '', 'list', help='Set build-time variables'),
        Flag('cache-from', '', 'strings', help='Images to consider as cache sources'),
        Flag('cgroup-parent', '', 'string', help='Set the parent cgroup for the "RUN" instructions during build'),
        Flag('compress', '', 'bool', help='Compress the build context using gzip'),
        Flag('cpu-period', '', 'int', help='Limit the CPU CFS (Completely Fair Scheduler) period'),
        Flag('cpu-quota', '', 'int', help='Limit the CPU CFS (Completely Fair Scheduler) quota'),
        Flag('cpu-shares', 'c', 'int', help='CPU shares (relative weight)'),
        Flag('cpuset-cpus', '', 'string', help='CPUs in which to allow execution (0-3, 0,1)'),
        Flag('cpuset-mems', '', 'string', help='MEMs in which to allow execution (0-3, 0,1)'),
        Flag('disable-content-trust', '', 'bool', 'true', help='Skip image verification'),
        Flag('file', 'f', 'string', help='Name of the Dockerfile (Default is "PATH/Dockerfile")', hint='file'),
        Flag('force-rm', '', 'bool', help='Always remove intermediate containers'),
        Flag('iidfile', '', 'string', help='Write the image ID to the file', hint='file'),
        Flag('isolation', '', 'string', help='Container isolation technology'),
        Flag('label', '', 'list', help='Set metadata for an image'),
        Flag('memory', 'm', 'bytes', help='Memory limit'),
        Flag('memory-swap', '', 'bytes', help='Swap limit equal to memory plus swap: -1 to enable unlimited swap'),
        Flag('network', '', 'string', 'default', help='Set the networking mode for the RUN instructions during build',
             hint='network'),
        Flag('no-cache', '', 'bool', help='Do not use cache when building the image'),
        Flag('platform', '', 'string', help='Set platform if server is multi-platform capable'),
        Flag('pull', '', 'bool', help='Always attempt to pull a newer version of the image'),
        Flag('quiet', 'q', 'bool', help='Suppress the build output and print image ID on success'),
        Flag('rm', '', 'bool', 'true', help='Remove intermediate containers after a successful build'),
        Flag('security-opt', '', 'strings', help='Security options'),
        Flag('shm-size', '', 'bytes', help='Size of "/dev/shm"'),
        Flag('squash', '', 'bool', help='Squash newly built layers into a single new layer'),
        Flag('tag', 't', 'list', help='Name and optionally a tag in the "name:tag" format'),
        Flag('target', '', 'string', help='Set the target build stage to build.'),
        Flag('ulimit', '', 'ulimit', '[]', help='Ulimit options'),
        # buildx's flags (`docker build` is `docker buildx build` once the plugin is installed)
        Flag('progress', '', 'string', 'auto', help='Set type of progress output ("auto", "quiet", "plain", "tty")',
             hidden=True),
        Flag('secret', '', 'stringArray', help='Secret to expose to the build', hidden=True),
        Flag('ssh', '', 'stringArray', help='SSH agent socket or keys to expose to the build', hidden=True),
        Flag('cache-to', '', 'stringArray', help='Cache export destinations', hidden=True),
        Flag('output', 'o', 'stringArray', help='Output destination', hidden=True),
        Flag('load', '', 'bool', help='Shorthand for "--output=type=docker"', hidden=True),
        Flag('push', '', 'bool', help='Shorthand for "--output=type=registry"', hidden=True),
    ),
)
