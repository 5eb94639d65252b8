"""docker 28.2.2's trust commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'trust inspect': Command(
        'trust inspect', 'IMAGE[:TAG] [IMAGE[:TAG]...]', 'Return low-level information about keys and signatures', (),
        ('min', 1), (
            Flag('pretty', '', 'bool', help='Print the information in a human friendly format'),
        )),
    'trust revoke': Command(
        'trust revoke', '[OPTIONS] IMAGE[:TAG]', 'Remove trust for an image', (),
        ('exact', 1), (
            Flag('yes', 'y', 'bool', help='Do not prompt for confirmation'),
        )),
    'trust sign': Command(
        'trust sign', 'IMAGE:TAG', 'Sign an image', (),
        ('exact', 1), (
            Flag('local', '', 'bool', help='Sign a locally tagged image'),
        )),
}
