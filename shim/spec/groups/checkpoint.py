"""docker 28.2.2's checkpoint commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'checkpoint create': Command(
        'checkpoint create', '[OPTIONS] CONTAINER CHECKPOINT', 'Create a checkpoint from a running container', (),
        ('exact', 2), (
            Flag('checkpoint-dir', '', 'string', help='Use a custom checkpoint storage directory', needs='experimental'),
            Flag('leave-running', '', 'bool', help='Leave the container running after checkpoint', needs='experimental'),
        )),
    'checkpoint ls': Command(
        'checkpoint ls', '[OPTIONS] CONTAINER', 'List checkpoints for a container', ('checkpoint ls', 'checkpoint list'),
        ('exact', 1), (
            Flag('checkpoint-dir', '', 'string', help='Use a custom checkpoint storage directory', needs='experimental'),
        )),
    'checkpoint rm': Command(
        'checkpoint rm', '[OPTIONS] CONTAINER CHECKPOINT', 'Remove a checkpoint', ('checkpoint rm', 'checkpoint remove'),
        ('exact', 2), (
            Flag('checkpoint-dir', '', 'string', help='Use a custom checkpoint storage directory', needs='experimental'),
        )),
}
