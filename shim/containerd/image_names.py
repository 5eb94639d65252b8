"""Names given to images in containerd's image store, and taken away, directly: what `nerdctl tag` and
`nerdctl rmi` ask of containerd.

nerdctl's tag is a Go start-up and a call to containerd's transfer service, which reads the source image
and stores its target under the new name (create, or replace the target of a name that exists); together
35-40 ms here. The same two steps on containerd's Images service take about a millisecond. Unlike nerdctl,
this does not first fetch content a lazily pulled source lacks: images pydock's verbs pull or load are whole.
A False answer sends the caller back to nerdctl, whose error is the one docker users should see.
"""

from __future__ import annotations

from shim.containerd.grpc import CallFailed, Connection
from shim.containerd.wire import VARINT, bytes_field, fields, text_field, varint

GET_IMAGE = "/containerd.services.images.v1.Images/Get"
CREATE_IMAGE = "/containerd.services.images.v1.Images/Create"
UPDATE_IMAGE = "/containerd.services.images.v1.Images/Update"
DELETE_IMAGE = "/containerd.services.images.v1.Images/Delete"


def point(address: str, namespace: str, pairs: list[tuple[str, str]]) -> bool:
    """Name what each source points to by its new name, in order (full references both: docker.io/library/x:y).
    An existing name is repointed and keeps its creation time, as containerd's transfer service keeps it.
    True when containerd did them all."""
    try:
        with Connection(address, namespace) as conn:
            sources = list(dict.fromkeys(source for source, _new in pairs))
            answers = conn.call_all([(GET_IMAGE, text_field(1, s)) for s in sources])
            targets = dict(zip(sources, (_target(a) for a in answers), strict=True))
            for source, new in pairs:
                target = targets[source]
                if target is None:
                    return False
                # Image: name = 1, target = 3; no labels, as the transfer service stores none for a tag
                image = bytes_field(1, text_field(1, new) + bytes_field(3, target))
                (created,) = conn.call_all([(CREATE_IMAGE, image)])
                if created is None:  # the name exists (or containerd refused): replace it whole
                    (updated,) = conn.call_all([(UPDATE_IMAGE, image)])
                    if updated is None:
                        return False
    except (CallFailed, ValueError):
        return False
    return True


def remove(address: str, namespace: str, names: list[str], *, sync: bool = True) -> list[str] | None:
    """Take these names away (full references), as nerdctl's rmi does: synchronously, so that containerd has
    collected what no name holds any more when the call returns (`sync`; without it containerd collects later,
    and answers in a millisecond rather than after its collection, 10-60 ms here). The names containerd removed,
    in order; None when containerd could not be asked."""
    sync_field = varint(2 << 3 | VARINT) + varint(1) if sync else b""  # DeleteImageRequest: name = 1, sync = 2
    try:
        with Connection(address, namespace) as conn:
            answers = conn.call_all([(DELETE_IMAGE, text_field(1, name) + sync_field) for name in names])
    except CallFailed:
        return None
    return [name for name, answer in zip(names, answers, strict=True) if answer is not None]


def _target(answer: bytes | None) -> bytes | None:
    """The encoded target descriptor of GetImageResponse's image, None when there is none."""
    if answer is None:
        return None
    image = next((v for n, v in fields(answer) if n == 1 and isinstance(v, bytes)), None)
    if image is None:
        return None
    return next((v for n, v in fields(image) if n == 3 and isinstance(v, bytes)), None)
