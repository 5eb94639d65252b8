"""docker's buildx plugin beyond `buildx build` (spec/build.py): the commands pydock answers for its one builder,
as buildx v0.38.2 names, parses and documents them (`docker buildx --help` on a docker with the plugin).

They are no part of docker 28.2.2's own command tree, so docker's help, completion and docs list none of them
(shim/spec/__init__.py: PLUGIN_PATHS). buildx's commands that make or switch builders pydock has no use for are
listed in UNSUPPORTED with the reason pydock gives.
"""

from __future__ import annotations

from shim.spec import Command, Flag

# buildx's persistent flags (`docker buildx --help`), which every subcommand takes; `ls` and `version` hide
# --builder.
_DEBUG = Flag('debug', 'D', 'bool', help='Enable debug logging')
_TIMEOUT = Flag('timeout', '', 'duration', '20s', help='Override the default timeout for loading builder status')


def _builder(hidden: bool = False) -> Flag:
    # buildx shows the current builder as the default once its store names one; a docker config without
    # buildx state (pydock's) names none
    return Flag('builder', '', 'string', help='Override the configured builder instance', hidden=hidden)


COMMANDS: dict[str, Command] = {
    'buildx ls': Command(
        'buildx ls', '', 'List builder instances', (), ('exact', 0), (
            _builder(hidden=True), _DEBUG,
            Flag('format', '', 'string', 'table', help='Format the output'),
            Flag('no-trunc', '', 'bool', help="Don't truncate output"),
            _TIMEOUT,
        )),
    'buildx inspect': Command(
        'buildx inspect', '[NAME]', 'Inspect current builder instance', (), ('max', 1), (
            Flag('bootstrap', '', 'bool', help='Ensure builder has booted before inspecting'),
            _builder(), _DEBUG, _TIMEOUT,
        )),
    'buildx prune': Command(
        'buildx prune', '', 'Remove build cache', (), ('none',), (
            Flag('all', 'a', 'bool', help='Include internal/frontend images'),
            _builder(), _DEBUG,
            Flag('filter', '', 'filter', help='Provide filter values'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
            Flag('keep-storage', '', 'bytes', help='Amount of disk space to keep for cache', hidden=True,
                 deprecated='keep-storage flag has been changed to reserved-space'),
            Flag('max-used-space', '', 'bytes', help='Maximum amount of disk space allowed to keep for cache'),
            Flag('min-free-space', '', 'bytes', help='Target amount of free disk space after pruning'),
            Flag('reserved-space', '', 'bytes', help='Amount of disk space always allowed to keep for cache'),
            _TIMEOUT,
            Flag('verbose', '', 'bool', help='Provide a more verbose output'),
        )),
    'buildx version': Command(
        'buildx version', '', 'Show buildx version information', (), ('exact', 0), (_builder(hidden=True), _DEBUG)),
}

# buildx's root help: its usage, summary and persistent flags, and the commands pydock answers.
SUMMARY = 'Extended build capabilities with BuildKit'
ROOT_FLAGS = (_builder(), _DEBUG)
ROOT_COMMANDS = (('build', 'Start a build'), *((path.split(' ', 1)[1], command.summary)
                                              for path, command in sorted(COMMANDS.items())))

# buildx's commands for builders and records of their own: pydock has one builder, the buildkitd it runs for
# its containerd namespace (`pydock daemon start`), so these have nothing to act on.
UNSUPPORTED = ('bake', 'create', 'dap', 'dial-stdio', 'du', 'history', 'imagetools', 'policy', 'replay', 'rm',
               'stop', 'use')
UNSUPPORTED_WHY = ("pydock has one builder, the buildkitd it runs for its containerd namespace (docker's "
                   "`default` builder); it creates, switches and inspects no others")
