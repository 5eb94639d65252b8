"""docker context show|use|ls|inspect: pydock has exactly one context, "default", the local containerd.

Scripts switch to (or list) the default context before they start; answering them the way docker does
keeps them working. Any other context is refused as docker refuses an unknown one. Nothing runs here.
"""

from __future__ import annotations

from shim.errors import EXIT_GENERAL, DockerError
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends import Context

DESCRIPTION = "Current DOCKER_HOST based configuration"
OVERRIDDEN = ("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set "
              "the global --context flag, or unset DOCKER_HOST environment variable.")
EMULATED = ("context show", "context use", "context ls", "context list", "context inspect")


def _unknown(name: str) -> DockerError:
    return DockerError(f'context "{name}": context not found (pydock knows only the "default" context: the local '
                       "containerd)", EXIT_GENERAL)


def answer(path: str, tail: list[str], ctx: Context) -> Done:
    """docker's answer for one of the context commands pydock emulates."""
    endpoint = "unix://" + (ctx.address or "/run/containerd/containerd.sock")
    words = [a for a in tail if not a.startswith("-")]
    if path == "context show":
        return Done(0, "default\n")
    if path == "context use":
        if words != ["default"]:
            raise _unknown(words[0] if words else "")
        return Done(0, "default\n", 'Current context is now "default"')
    if path == "context inspect":
        for name in words:
            if name != "default":
                raise _unknown(name)
        import json

        item = {"Name": "default", "Metadata": {}, "Endpoints": {"docker": {"Host": endpoint, "SkipTLSVerify": False}},
                "TLSMaterial": {}, "Storage": {"MetadataPath": "<IN MEMORY>", "TLSPath": "<IN MEMORY>"}}
        return Done(0, json.dumps([item], indent=4) + "\n")
    done = _ls(tail, endpoint)
    import os

    if os.environ.get("DOCKER_HOST"):
        done.stderr = OVERRIDDEN
    return done


def _ls(tail: list[str], endpoint: str) -> Done:
    from shim.output import formatting

    fmt = next((tail[i + 1] for i, a in enumerate(tail[:-1]) if a == "--format"), "")
    fmt = next((a.split("=", 1)[1] for a in tail if a.startswith("--format=")), fmt)
    quiet = "-q" in tail or "--quiet" in tail
    row = {"Name": "default", "Current": True, "Description": DESCRIPTION, "DockerEndpoint": endpoint,
           "Error": "", "ContextType": "moby"}
    if quiet:
        return Done(0, "default\n")
    if not fmt or fmt == "table":
        from shim.output.tabwriter import align

        text = "NAME\tDESCRIPTION\tDOCKER ENDPOINT\tERROR\n" + f"default *\t{DESCRIPTION}\t{endpoint}\t\n"
        return Done(0, align(text))
    return Done(0, formatting.render(fmt, [row], {k: k.upper() for k in row}))
