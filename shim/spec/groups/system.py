"""docker 28.2.2's system commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'events': Command(
        'events', '[OPTIONS]', 'Get real time events from the server', ('system events', 'events'),
        ('none',), (
            Flag('filter', 'f', 'filter', help='Filter output based on conditions provided'),
            Flag('format', '', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('since', '', 'string', help='Show all events created since timestamp'),
            Flag('until', '', 'string', help='Stream events until this timestamp'),
        )),
    'system df': Command(
        'system df', '[OPTIONS]', 'Show docker disk usage', (),
        ('none',), (
            Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('verbose', 'v', 'bool', help='Show detailed information on space usage'),
        )),
    'system prune': Command(
        'system prune', '[OPTIONS]', 'Remove unused data', (),
        ('none',), (
            Flag('all', 'a', 'bool', help='Remove all unused images not just dangling ones'),
            Flag('filter', '', 'filter', help='Provide filter values (e.g. "label=<key>=<value>")'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
            Flag('volumes', '', 'bool', help='Prune anonymous volumes'),
        )),
}
