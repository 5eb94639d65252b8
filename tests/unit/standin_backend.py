"""A stand-in backend that keeps shim/backends' contract with no runtime at all: it records what it is asked
and answers `ps` and `images` with fixed neutral summaries, which the shared output code renders. Selected
with `PYDOCK_BACKEND_MODULES=standin=tests.unit.standin_backend pydock --backend standin …` (the contract test)."""

from __future__ import annotations

from shim.plan import Done

EXECUTABLE = "true"  # what make_context looks up on PATH
NOW = 2_000_000_000.0
CONTAINER = {"Id": "c0ffee" * 10 + "c0ff", "Names": ["/web"], "Image": "busybox", "ImageRef": "busybox",
             "Command": "sleep 60", "Created": NOW - 120, "Ports": [], "Labels": {"tier": "front"},
             "State": "exited", "Health": "", "ExitCode": 3, "StartedAt": NOW - 100, "FinishedAt": NOW - 60,
             "Mounts": [], "Networks": ["bridge"], "SizeRw": 0, "SizeRootFs": 0}
IMAGE = {"Id": "9af8f050bf31", "FullId": "sha256:9af8f050bf31" + "9a" * 26, "ConfigId": "", "Repository": "busybox",
         "Tag": "latest", "RepoDigest": "", "Created": NOW - 3 * 365 * 86400, "Size": 2_052_096, "Labels": {},
         "Name": "docker.io/library/busybox:latest"}


def translate(parsed, ctx):
    from shim.output import listing

    if parsed.command.name == "ps":
        fmt, warning = listing.given_format(parsed, ctx.config, "psFormat")
        return listing.ps_output(parsed, fmt, [dict(CONTAINER)], {}, warning)
    if parsed.command.name == "images":
        fmt, warning = listing.given_format(parsed, ctx.config, "imagesFormat")
        return listing.images_output(parsed, fmt, [dict(IMAGE)], {}, warning)
    return Done(0, f"standin {parsed.command.name} {' '.join(parsed.args)}\n")


def refuse_lacking(path):
    return None


def restate(result, verb, path):
    return Done(result.code, "", f"standin failed: {verb}")


class _Names:
    def names(self, kind):
        return {"container": ["web"], "image": ["busybox:latest"]}.get(kind, [])


def name_lookup(namespace):
    return _Names()


def describe():
    return {"name": "standin", "executable": EXECUTABLE, "needs": "nothing", "reference": "the tests' stand-in"}


def support(command, flag):
    return ("pass", "")


def other_command(path):
    return tuple(path.split())


def lacking_reason(path):
    return ""
