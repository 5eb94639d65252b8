"""Run a nerdctl network's CNI plugin chain on a running container's network namespace, as nerdctl's own OCI
hook does when the container starts (libcni's conflist semantics: ADD in order, each plugin given the
previous one's result; DEL in reverse order: shim/cni.py, shared with the ctr backend). pydock's `network
connect` / `disconnect` run this as a child process (the execute layer runs it like any backend command;
translation stays pure):

    python -m shim.backends.nerdctl.cni_exec ADD|DEL CONFLIST CONTAINER_ID NETNS IFNAME

CONTAINER_ID is what nerdctl gives CNI (`<namespace>-<container id>`), so that host-local's address
records and libcni's result cache are the ones nerdctl's own teardown finds. Prints the chain's result
(ADD); on a plugin's failure, prints its message to stderr and exits 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shim.cni import Failed, run_chain


def main(argv: list[str]) -> int:
    if len(argv) != 5 or argv[0] not in ("ADD", "DEL"):
        print("usage: cni_exec ADD|DEL CONFLIST CONTAINER_ID NETNS IFNAME", file=sys.stderr)
        return 2
    command, conflist_path, container, netns, ifname = argv
    try:
        conflist = json.loads(Path(conflist_path).read_text())
        result = run_chain(command, conflist, container, netns, ifname)
    except (OSError, ValueError, Failed) as e:
        print(e, file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
