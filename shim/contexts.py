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


def not_found(name: str, config_dir: str) -> str:
    """docker's words for a context it has no metadata for: its context store keeps each under the SHA-256 of
    its name, in the config folder (pydock keeps none: its one context is "default"). The name hashed is the bytes
    given (argv that is no UTF-8 reaches Python surrogateescape'd)."""
    import hashlib
    import os

    folder = config_dir or os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()
    meta = os.path.join(folder, "contexts", "meta", digest, "meta.json")
    from shim.values import go_quote

    return f"context {go_quote(name)}: context not found: open {meta}: no such file or directory"


def _unknown(name: str, ctx: Context) -> DockerError:
    return DockerError(not_found(name, ctx.config), EXIT_GENERAL)


def answer(parsed: Parsed, ctx: Context) -> Done:
    """docker's answer for one of the context commands pydock emulates."""
    path, words = parsed.path, parsed.args
    endpoint = "unix://" + (ctx.address or "/run/containerd/containerd.sock")
    if path == "context show":
        return Done(0, "default\n")
    if path == "context use":
        if words != ["default"]:
            raise _unknown(words[0] if words else "", ctx)
        return Done(0, "default\n", 'Current context is now "default"')
    if path == "context inspect":
        # docker prints the contexts it found, then one error line per missing one, exit 1
        names = words or ["default"]
        item = {"Name": "default", "Metadata": {}, "Endpoints": {"docker": {"Host": endpoint, "SkipTLSVerify": False}},
                "TLSMaterial": {}, "Storage": {"MetadataPath": "<IN MEMORY>", "TLSPath": "<IN MEMORY>"}}
        found = [item for name in names if name == "default"]
        missing = "\n".join(not_found(name, ctx.config) for name in names if name != "default")
        if parsed.text("format"):
            from shim.output import formatting

            return Done(int(bool(missing)), formatting.render(parsed.text("format"), found, {}), missing)
        import json

        # a Go struct: fields in their order, and Go's JSON escapes <, > and &
        text = json.dumps(found, indent=4).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return Done(int(bool(missing)), text + "\n", missing)
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
