"""Why the scenarios pydock does not match are allowed to differ: each entry says what differs and why.

docs/compat.md prints these next to the results; tests/compat/test_compat.py checks that every failing
scenario of the checked-in run (docs/compat-results.json) has one here. Data only.
"""

from __future__ import annotations

EXPLAINED: dict[str, str] = {
    "run-privileged": (
        "Known limit of this VM, not of pydock: Docker Engine itself fails `--privileged` here (`unable to apply "
        "caps: operation not permitted`) while runc under containerd 2.x starts the container."),
    "push-progress": (
        "docker mounts a layer that another repository of the registry holds (`Mounted from …`); containerd "
        "uploads it again instead (no cross-repository mount request), so pydock truthfully prints `Pushed`. "
        "A layer the repository itself holds reads `Layer already exists`, as in docker."),
    "rmi-used-by-container": (
        "docker keeps a repository digest only for images it pulled or pushed. containerd keeps no such record, so "
        "pydock assumes one for names on a registry host (`127.0.0.1:5000/…`) and prints an extra "
        "`Untagged: repo@sha256:…` line for an image that was only tagged with such a name."),
    "inspect-json-fields": (
        "Docker Engine's overlay2 driver names a container's LowerDir/MergedDir/UpperDir/WorkDir under "
        "GraphDriver.Data; containerd's snapshotter keeps those mounts to itself (nerdctl does not report them), "
        "so pydock's inspect has GraphDriver.Data null."),
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
