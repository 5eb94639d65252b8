"""docker 28.2.2's network commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'network connect': Command(
        'network connect', '[OPTIONS] NETWORK CONTAINER', 'Connect a container to a network', (),
        ('exact', 2), (
            Flag('alias', '', 'strings', help='Add network-scoped alias for the container'),
            Flag('driver-opt', '', 'strings', help='driver options for the network'),
            Flag('gw-priority', '', 'int', help='Highest gw-priority provides the default gateway. Accepts positive and negative values.'),
            Flag('ip', '', 'string', help='IPv4 address (e.g., "172.30.100.104")'),
            Flag('ip6', '', 'string', help='IPv6 address (e.g., "2001:db8::33")'),
            Flag('link', '', 'list', help='Add link to another container'),
            Flag('link-local-ip', '', 'strings', help='Add a link-local address for the container'),
        )),
    'network create': Command(
        'network create', '[OPTIONS] NETWORK', 'Create a network', (),
        ('exact', 1), (
            Flag('attachable', '', 'bool', help='Enable manual container attachment'),
            Flag('aux-address', '', 'map', 'map[]', help='Auxiliary IPv4 or IPv6 addresses used by Network driver'),
            Flag('config-from', '', 'string', help='The network from which to copy the configuration'),
            Flag('config-only', '', 'bool', help='Create a configuration only network'),
            Flag('driver', 'd', 'string', 'bridge', help='Driver to manage the Network'),
            Flag('gateway', '', 'strings', help='IPv4 or IPv6 Gateway for the master subnet'),
            Flag('ingress', '', 'bool', help='Create swarm routing-mesh network'),
            Flag('internal', '', 'bool', help='Restrict external access to the network'),
            Flag('ip-range', '', 'strings', help='Allocate container ip from a sub-range'),
            Flag('ipam-driver', '', 'string', 'default', help='IP Address Management Driver'),
            Flag('ipam-opt', '', 'map', 'map[]', help='Set IPAM driver specific options'),
            Flag('ipv4', '', 'bool', 'true', help='Enable or disable IPv4 address assignment'),
            Flag('ipv6', '', 'bool', help='Enable or disable IPv6 address assignment'),
            Flag('label', '', 'list', help='Set metadata on a network'),
            Flag('opt', 'o', 'map', 'map[]', help='Set driver specific options'),
            Flag('scope', '', 'string', help="Control the network's scope"),
            Flag('subnet', '', 'strings', help='Subnet in CIDR format that represents a network segment'),
        )),
    'network disconnect': Command(
        'network disconnect', '[OPTIONS] NETWORK CONTAINER', 'Disconnect a container from a network', (),
        ('exact', 2), (
            Flag('force', 'f', 'bool', help='Force the container to disconnect from a network'),
        )),
    'network inspect': Command(
        'network inspect', '[OPTIONS] NETWORK [NETWORK...]', 'Display detailed information on one or more networks', (),
        ('min', 1), (
            Flag('format', 'f', 'string', help="Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('verbose', 'v', 'bool', help='Verbose output for diagnostics'),
        )),
    'network ls': Command(
        'network ls', '[OPTIONS]', 'List networks', ('network ls', 'network list'),
        ('none',), (
            Flag('filter', 'f', 'filter', help='Provide filter values (e.g. "driver=bridge")'),
            Flag('format', '', 'string', help="Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
            Flag('no-trunc', '', 'bool', help='Do not truncate the output'),
            Flag('quiet', 'q', 'bool', help='Only display network IDs'),
        )),
    'network prune': Command(
        'network prune', '[OPTIONS]', 'Remove all unused networks', (),
        ('none',), (
            Flag('filter', '', 'filter', help='Provide filter values (e.g. "until=<timestamp>")'),
            Flag('force', 'f', 'bool', help='Do not prompt for confirmation'),
        )),
    'network rm': Command(
        'network rm', 'NETWORK [NETWORK...]', 'Remove one or more networks', ('network rm', 'network remove'),
        ('min', 1), (
            Flag('force', 'f', 'bool', help='Do not error if the network does not exist'),
        )),
}
