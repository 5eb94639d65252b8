"""docker 28.2.2's manifest commands beyond the verbs pydock has modules for: usage, summary, argument rule and
flags as docker's own help shows them (a parity test compares every path's help and errors with docker's)."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMANDS: dict[str, Command] = {
    'manifest annotate': Command(
        'manifest annotate', '[OPTIONS] MANIFEST_LIST MANIFEST', 'Add additional information to a local image manifest', (),
        ('exact', 2), (
            Flag('arch', '', 'string', help='Set architecture'),
            Flag('os', '', 'string', help='Set operating system'),
            Flag('os-features', '', 'strings', help='Set operating system feature'),
            Flag('os-version', '', 'string', help='Set operating system version'),
            Flag('variant', '', 'string', help='Set architecture variant'),
        ), long='Add additional information to a local image manifest\n\nEXPERIMENTAL:\n  docker manifest annotate is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/'),
    'manifest create': Command(
        'manifest create', 'MANIFEST_LIST MANIFEST [MANIFEST...]', 'Create a local manifest list for annotating and pushing to a registry', (),
        ('min', 2), (
            Flag('amend', 'a', 'bool', help='Amend an existing manifest list'),
            Flag('insecure', '', 'bool', help='Allow communication with an insecure registry'),
        ), long='Create a local manifest list for annotating and pushing to a registry\n\nEXPERIMENTAL:\n  docker manifest create is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/'),
    'manifest inspect': Command(
        'manifest inspect', '[OPTIONS] [MANIFEST_LIST] MANIFEST', 'Display an image manifest, or manifest list', (),
        ('range', 1, 2), (
            Flag('insecure', '', 'bool', help='Allow communication with an insecure registry'),
            Flag('verbose', 'v', 'bool', help='Output additional info including layers and platform'),
        ), long='Display an image manifest, or manifest list\n\nEXPERIMENTAL:\n  docker manifest inspect is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/'),
    'manifest push': Command(
        'manifest push', '[OPTIONS] MANIFEST_LIST', 'Push a manifest list to a repository', (),
        ('exact', 1), (
            Flag('insecure', '', 'bool', help='Allow push to an insecure registry'),
            Flag('purge', 'p', 'bool', help='Remove the local manifest list after push'),
        ), long='Push a manifest list to a repository\n\nEXPERIMENTAL:\n  docker manifest push is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/'),
    'manifest rm': Command(
        'manifest rm', 'MANIFEST_LIST [MANIFEST_LIST...]', 'Delete one or more manifest lists from local storage', (),
        ('min', 1), (), long='Delete one or more manifest lists from local storage\n\nEXPERIMENTAL:\n  docker manifest rm is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/'),
}
