"""docker 28.2.2's volume commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'volume create': Command(
        'volume create', '[OPTIONS] [VOLUME]', 'Create a volume', (),
        ('max', 1), (
            Flag('availability', '', 'string', 'active', help='Cluster Volume availability ("active", "pause", "drain")', needs='swarm'),
            Flag('driver', 'd', 'string', 'local', help='Specify volume driver name'),
            Flag('group', '', 'string', help='Cluster Volume group (cluster volumes)', needs='swarm'),
            Flag('label', '', 'list', help='Set metadata for a volume'),
            Flag('limit-bytes', '', 'bytes', help='Minimum size of the Cluster Volume in bytes', needs='swarm'),
            Flag('name', '', 'string', help='Specify volume name', hidden=True),
            Flag('opt', 'o', 'map', 'map[]', help='Set driver specific options'),
            Flag('required-bytes', '', 'bytes', help='Maximum size of the Cluster Volume in bytes', needs='swarm'),
            Flag('scope', '', 'string', 'single', help='Cluster Volume access scope ("single", "multi")', needs='swarm'),
            Flag('secret', '', 'map', 'map[]', help='Cluster Volume secrets', needs='swarm'),
            Flag('sharing', '', 'string', 'none', help='Cluster Volume access sharing ("none", "readonly", "onewriter", "all")', needs='swarm'),
            Flag('topology-preferred', '', 'list', help='A topology that the Cluster Volume would be preferred in', needs='swarm'),
            Flag('topology-required', '', 'list', help='A topology that the Cluster Volume must be accessible from', needs='swarm'),
            Flag('type', '', 'string', 'block', help='Cluster Volume access type ("mount", "block")', needs='swarm'),
        )),
    'volume inspect': Command(
        'volume inspect', '[OPTIONS] VOLUME [VOLUME...]', 'Display detailed information on one or more volumes', (),
        ('min', 1), (
            Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        )),
    'volume ls': Command(
        'volume ls', '[OPTIONS]', 'List volumes', ('volume ls', 'volume list'),
        ('none',), (
            Flag('cluster', '', 'bool', help='Display only cluster volumes, and use cluster volume list formatting', needs='swarm'),
            Flag('filter', 'f', 'filter', help='Provide filter values (e.g. "dangling=true")'),
            Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('quiet', 'q', 'bool', help='Only display volume names'),
        )),
    'volume prune': Command(
        'volume prune', '[OPTIONS]', 'Remove unused local volumes', (),
        ('none',), (
            Flag('all', 'a', 'bool', help='Remove all unused volumes, not just anonymous ones'),
            Flag('filter', '', 'filter', help='Provide filter values (e.g. "label=<label>")'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
        )),
    'volume rm': Command(
        'volume rm', '[OPTIONS] VOLUME [VOLUME...]', 'Remove one or more volumes', ('volume rm', 'volume remove'),
        ('min', 1), (
            Flag('force', 'f', 'bool', help='Force the removal of one or more volumes'),
        ), long='Remove one or more volumes. You cannot remove a volume that is in use by a container.'),
    'volume update': Command(
        'volume update', '[OPTIONS] [VOLUME]', 'Update a volume (cluster volumes only)', (),
        ('exact', 1), (
            Flag('availability', '', 'string', 'active', help='Cluster Volume availability ("active", "pause", "drain")', needs='swarm'),
        )),
}
