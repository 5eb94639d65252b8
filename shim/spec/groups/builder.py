"""docker 28.2.2's builder commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'builder prune': Command(
        'builder prune', '', 'Remove build cache', (),
        ('none',), (
            Flag('all', 'a', 'bool', help='Remove all unused build cache, not just dangling ones'),
            Flag('filter', '', 'filter', help='Provide filter values (e.g. "until=24h")'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
            Flag('keep-storage', '', 'bytes', help='Amount of disk space to keep for cache'),
        )),
}
