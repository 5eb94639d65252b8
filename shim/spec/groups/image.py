"""docker 28.2.2's image commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'image prune': Command(
        'image prune', '[OPTIONS]', 'Remove unused images', (),
        ('none',), (
            Flag('all', 'a', 'bool', help='Remove all unused images, not just dangling ones'),
            Flag('filter', '', 'filter', help='Provide filter values (e.g. "until=<timestamp>")'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
        )),
    'import': Command(
        'import', '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]', 'Import the contents from a tarball to create a filesystem image', ('image import', 'import'),
        ('min', 1), (
            Flag('change', 'c', 'list', help='Apply Dockerfile instruction to the created image'),
            Flag('message', 'm', 'string', help='Set commit message for imported image'),
            Flag('platform', '', 'string', help='Set platform if server is multi-platform capable'),
        )),
}
