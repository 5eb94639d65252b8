"""docker 28.2.2's plugin commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'plugin create': Command(
        'plugin create', '[OPTIONS] PLUGIN PLUGIN-DATA-DIR', 'Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.', (),
        ('min', 2), (
            Flag('compress', '', 'bool', help='Compress the context using gzip'),
        )),
    'plugin disable': Command(
        'plugin disable', '[OPTIONS] PLUGIN', 'Disable a plugin', (),
        ('exact', 1), (
            Flag('force', 'f', 'bool', help='Force the disable of an active plugin'),
        )),
    'plugin enable': Command(
        'plugin enable', '[OPTIONS] PLUGIN', 'Enable a plugin', (),
        ('exact', 1), (
            Flag('timeout', '', 'int', '30', help='HTTP client timeout (in seconds)'),
        )),
    'plugin inspect': Command(
        'plugin inspect', '[OPTIONS] PLUGIN [PLUGIN...]', 'Display detailed information on one or more plugins', (),
        ('min', 1), (
            Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        )),
    'plugin install': Command(
        'plugin install', '[OPTIONS] PLUGIN [KEY=VALUE...]', 'Install a plugin', (),
        ('min', 1), (
            Flag('alias', '', 'string', help='Local name for plugin'),
            Flag('disable', '', 'bool', help='Do not enable the plugin on install'),
            Flag('disable-content-trust', '', 'bool', 'true', help='Skip image verification'),
            Flag('grant-all-permissions', '', 'bool', help='Grant all permissions necessary to run the plugin'),
        )),
    'plugin ls': Command(
        'plugin ls', '[OPTIONS]', 'List plugins', ('plugin ls', 'plugin list'),
        ('none',), (
            Flag('filter', 'f', 'filter', help='Provide filter values (e.g. "enabled=true")'),
            Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('no-trunc', '', 'bool', help="Don't truncate output"),
            Flag('quiet', 'q', 'bool', help='Only display plugin IDs'),
        )),
    'plugin push': Command(
        'plugin push', '[OPTIONS] PLUGIN[:TAG]', 'Push a plugin to a registry', (),
        ('exact', 1), (
            Flag('disable-content-trust', '', 'bool', 'true', help='Skip image signing'),
        )),
    'plugin rm': Command(
        'plugin rm', '[OPTIONS] PLUGIN [PLUGIN...]', 'Remove one or more plugins', ('plugin rm', 'plugin remove'),
        ('min', 1), (
            Flag('force', 'f', 'bool', help='Force the removal of an active plugin'),
        )),
    'plugin set': Command(
        'plugin set', 'PLUGIN KEY=VALUE [KEY=VALUE...]', 'Change settings for a plugin', (),
        ('min', 2), ()),
    'plugin upgrade': Command(
        'plugin upgrade', '[OPTIONS] PLUGIN [REMOTE]', 'Upgrade an existing plugin', (),
        ('range', 1, 2), (
            Flag('disable-content-trust', '', 'bool', 'true', help='Skip image verification'),
            Flag('grant-all-permissions', '', 'bool', help='Grant all permissions necessary to run the plugin'),
            Flag('skip-remote-check', '', 'bool', help='Do not check if specified remote plugin matches existing plugin image'),
        )),
}
