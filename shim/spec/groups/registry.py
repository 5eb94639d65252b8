"""docker 28.2.2's registry commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'login': Command(
        'login', '[OPTIONS] [SERVER]', 'Authenticate to a registry', (),
        ('max', 1), (
            Flag('password', 'p', 'string', help='Password or Personal Access Token (PAT)', secret=True),
            Flag('password-stdin', '', 'bool', help='Take the Password or Personal Access Token (PAT) from stdin'),
            Flag('username', 'u', 'string', help='Username'),
        ), long='Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.'),
    'logout': Command(
        'logout', '[SERVER]', 'Log out from a registry', (),
        ('max', 1), (), long='Log out from a registry.\nIf no server is specified, the default is defined by the daemon.'),
    'search': Command(
        'search', '[OPTIONS] TERM', 'Search Docker Hub for images', (),
        ('exact', 1), (
            Flag('filter', 'f', 'filter', help='Filter output based on conditions provided'),
            Flag('format', '', 'string', help='Pretty-print search using a Go template'),
            Flag('limit', '', 'int', help='Max number of search results'),
            Flag('no-trunc', '', 'bool', help="Don't truncate output"),
        )),
}
