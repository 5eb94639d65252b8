"""Why the scenarios where pydock does not match the reference, Docker Engine 29, are allowed to differ: each
entry says what differs and why (differences from Engine 20.10 alone are where the two engines differ).

docs/compat.md prints these next to the results; tests/compat/test_compat.py checks that every failing
scenario of the checked-in run (docs/compat-results.json) has one here. Data only.
"""

from __future__ import annotations

EXPLAINED: dict[str, str] = {
    # Open gaps of the command-surface work (issue #11), not engine differences: both engines print the same here.
    "surface-container-prune-yes": (
        "pydock's `container prune` lists the deleted containers but not docker's closing `Total reclaimed space:` "
        "line (nerdctl's prune reports no sizes); to be closed by the command-surface work."),
    "surface-update-without-flags": (
        "`docker update --restart` changes a created (not running) container's restart policy; nerdctl's update "
        "refuses a container that is not running, so pydock fails where both engines succeed; to be closed by the "
        "command-surface work."),
    "surface-system-df": (
        "`run -v NAME:/data` on a volume `volume create` just made: pydock passes on nerdctl's warning that the volume "
        "`already exists and will be returned as-is`, which docker does not print; the `system df` output itself "
        "matches. To be closed by the command-surface work."),
    "network-connect-created": (
        "nerdctl sets a container's networks up from the `nerdctl/networks` annotation of its OCI spec at every "
        "start, and containerd cannot change a container's spec after create; so pydock connects running "
        "containers only and refuses, in docker's voice, to connect one that is not running (its next start "
        "would ignore the network)."),
    "run-network-missing": (
        "`run -d` on a missing network: Docker Engine creates the container, prints its ID, then fails to start "
        "it; nerdctl's run also leaves the created container behind but does not print its ID, which pydock does "
        "not know at that point. The error and exit code (125) match."),
}
