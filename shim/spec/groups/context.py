"""docker 28.2.2's context commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'context create': Command(
        'context create', '[OPTIONS] CONTEXT', 'Create a context', (),
        ('exact', 1), (
            Flag('description', '', 'string', help='Description of the context'),
            Flag('docker', '', 'stringToString', '[]', help='set the docker endpoint'),
            Flag('from', '', 'string', help='create context from a named context'),
            # pydock's own: the context's containerd namespace and (for a remote host) containerd socket, kept
            # in an endpoint of pydock's that docker carries along (shim/context_store.py)
            Flag('pydock', '', 'stringToString', '[]', help='set pydock\'s containerd endpoint (namespace=NAME,socket=PATH)',
                 own=True, hidden=True),
        ), long='Create a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context\'s Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context create my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"'),
    'context export': Command(
        'context export', '[OPTIONS] CONTEXT [FILE|-]', 'Export a context to a tar archive FILE or a tar stream on STDOUT.', (),
        ('range', 1, 2), ()),
    'context import': Command(
        'context import', 'CONTEXT FILE|-', 'Import a context from a tar or zip file', (),
        ('exact', 2), ()),
    'context inspect': Command(
        'context inspect', '[OPTIONS] [CONTEXT] [CONTEXT...]', 'Display detailed information on one or more contexts', (),
        ('any',), (
            Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        )),
    'context ls': Command(
        'context ls', '[OPTIONS]', 'List contexts', ('context ls', 'context list'),
        ('none',), (
            Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('quiet', 'q', 'bool', help='Only show context names'),
        )),
    'context rm': Command(
        'context rm', 'CONTEXT [CONTEXT...]', 'Remove one or more contexts', ('context rm', 'context remove'),
        ('min', 1), (
            Flag('force', 'f', 'bool', help='Force the removal of a context in use'),
        )),
    'context show': Command(
        'context show', '', 'Print the name of the current context', (),
        ('none',), ()),
    'context update': Command(
        'context update', '[OPTIONS] CONTEXT', 'Update a context', (),
        ('exact', 1), (
            Flag('description', '', 'string', help='Description of the context'),
            Flag('docker', '', 'stringToString', '[]', help='set the docker endpoint'),
            # pydock's own: the context's containerd namespace and (for a remote host) containerd socket, kept
            # in an endpoint of pydock's that docker carries along (shim/context_store.py)
            Flag('pydock', '', 'stringToString', '[]', help='set pydock\'s containerd endpoint (namespace=NAME,socket=PATH)',
                 own=True, hidden=True),
        ), long='Update a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context\'s Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context update my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"'),
    'context use': Command(
        'context use', 'CONTEXT', 'Set the current docker context', (),
        ('cobra-exact', 1), ()),
}
