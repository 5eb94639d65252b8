"""A container's OCI runtime spec replaced in containerd's record, directly: what `ctr` cannot say on its
command line (a pids limit, rlimits beyond RLIMIT_NOFILE) is written into the spec `ctr containers create`
made, before its task exists (the task is made from the record's spec). Field numbers are containerd's API's
(containers.proto Container.spec = 5, a google.protobuf.Any; UpdateContainerRequest.update_mask = 2)."""

from __future__ import annotations

from shim.containerd.grpc import answered
from shim.containerd.wire import bytes_field, text_field

UPDATE_CONTAINER = "/containerd.services.containers.v1.Containers/Update"
SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec"  # the type URL containerd's client uses


def replace_spec(address: str, namespace: str, cid: str, spec: bytes) -> bool:
    """Set the container's spec to `spec` (JSON), leaving the rest of its record; True once containerd took it."""
    any_spec = text_field(1, SPEC_TYPE) + bytes_field(2, spec)
    request = bytes_field(1, text_field(1, cid) + bytes_field(5, any_spec)) + bytes_field(2, text_field(1, "spec"))
    return answered(address, namespace, UPDATE_CONTAINER, request)
