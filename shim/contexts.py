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
    from shim.parse import Parsed

DESCRIPTION = "Current DOCKER_HOST based configuration"
OVERRIDDEN = ("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set "
              "the global --context flag, or unset DOCKER_HOST environment variable.")
EMULATED = ("context show", "context use", "context ls", "context list", "context inspect")


def _unknown(name: str) -> DockerError:
    return DockerError(f'context "{name}": context not found (pydock knows only the "default" context: the local '
                       "containerd)", EXIT_GENERAL)


def answer(parsed: Parsed, ctx: Context) -> Done:
    """docker's answer for one of the context commands pydock emulates."""
    path, words = parsed.path, parsed.args
    endpoint = "unix://" + (ctx.address or "/run/containerd/containerd.sock")
    if path == "context show":
        return Done(0, "default\n")
    if path == "context use":
        if words != ["default"]:
            raise _unknown(words[0] if words else "")
        return Done(0, "default\n", 'Current context is now "default"')
    if path == "context inspect":
        for name in words or ["default"]:
            if name != "default":
                raise _unknown(name)

        item = {"Name": "default", "Metadata": {}, "Endpoints": {"docker": {"Host": endpoint, "SkipTLSVerify": False}},
                "TLSMaterial": {}, "Storage": {"MetadataPath": "<IN MEMORY>", "TLSPath": "<IN MEMORY>"}}
        if parsed.text("format"):
            from shim.output import formatting

            return Done(0, formatting.render(parsed.text("format"), [item] * max(len(words), 1), {}))
        from shim.output.inspect import indented_json

        return Done(0, indented_json([item] * max(len(words), 1)))
    done = _ls(parsed, endpoint)
    import os

    if os.environ.get("DOCKER_HOST"):
        done.stderr = OVERRIDDEN
    return done


def _ls(parsed: Parsed, endpoint: str) -> Done:
    from shim.output import formatting

    fmt, quiet = parsed.text("format"), parsed.get("quiet") is True
    row = {"Name": "default", "Current": True, "Description": DESCRIPTION, "DockerEndpoint": endpoint,
           "Error": "", "ContextType": "moby"}
    if quiet:
        return Done(0, "default\n")
    if not fmt or fmt == "table":
        from shim.output.tabwriter import align

        text = "NAME\tDESCRIPTION\tDOCKER ENDPOINT\tERROR\n" + f"default *\t{DESCRIPTION}\t{endpoint}\t\n"
        return Done(0, align(text))
    return Done(0, formatting.render(fmt, [row], {k: k.upper() for k in row}))
