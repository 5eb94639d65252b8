"""The labels pydock puts on the containers it runs, and what docker shows of a container's labels.

containerd keeps no record of several things docker's inspect and ps show (the image as typed, -i, -d, -u,
--expose, -P, --link, and the values in `pydock/inspect`); `run` writes them as labels, whichever backend
runs it, and the shared output code reads them back. docker shows none of pydock's, nerdctl's or
containerd's own labels.
"""

from __future__ import annotations

from shim import reference

INSPECT_LABEL = "pydock/inspect"  # docker's values of run flags neither containerd nor nerdctl keep (JSON)
INTERNAL_LABELS = ("nerdctl/", "containerd.io/", "io.containerd.", "pydock/")
IMAGE_LABEL = "pydock/image"  # the image as given to `run`, for docker's IMAGE column
STDIN_LABEL = "pydock/stdin"  # "open" after `run -i`: inspect's Config.OpenStdin
DETACHED_LABEL = "pydock/detached"  # "true" after `run -d`: inspect's Config.AttachStdout is false
AUTOREMOVE_LABEL = "pydock/autoremove"  # "true" after `run -d --rm`, which pydock removes itself: HostConfig.AutoRemove
USER_LABEL = "pydock/user"  # `run -u` as given: inspect's Config.User
EXPOSE_LABEL = "pydock/expose"  # `run --expose` ports, expanded: `80/tcp,7000/udp` (Config.ExposedPorts)
PUBLISH_ALL_LABEL = "pydock/publish-all"  # after `run -P`: the ports it published (HostConfig.PublishAllPorts)
LINKS_LABEL = "pydock/links"  # `run --link` as docker keeps it: `/db:/web/db,…` (HostConfig.Links)


def user_labels(labels: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (labels or {}).items() if not k.startswith(INTERNAL_LABELS)}


def image_as_given(stored: str, labels: dict[str, str] | None) -> str:
    """The image as the user named it: pydock records it at `run`; otherwise docker's short form."""
    given = (labels or {}).get(IMAGE_LABEL)
    if given:
        return given
    if not stored or stored.startswith("sha256:"):
        return stored
    short = reference.familiar(stored)
    return short.removesuffix(":latest")
