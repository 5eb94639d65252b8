"""A pull or push the registry failed (issue #14: a 500, no answer, a reset or a short body), in Docker Engine 29's
words.

Both resolve and fetch through containerd's remote code, so the cause reads the same in nerdctl's record as in
Engine 29's answer; what differs is the wrapping, restated here:
- a failure while resolving the tag is answered by the daemon (`Error response from daemon: failed to resolve
  reference "REF": …`); a later one comes through the pull's progress stream, after `TAG: Pulling from REPO` on
  stdout, and docker's client prints it bare;
- Engine 29 restates an unexpected HTTP status (moby's translateRegistryError): the registry's own errors as
  `error from registry: …`, or `unknown: ` before the message when the registry sent none;
- docker's first request to a plain-HTTP registry is TLS, the fallback to HTTP happens in its transport, so the
  URL its errors name starts with https://; and it has no `context deadline exceeded` after a timeout.
"""

from __future__ import annotations

from shim import reference
from shim.daemon_errors import DAEMON
from shim.errors import EXIT_GENERAL
from shim.output.pulls import pull_header
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.plan import Result

_RESOLVE = "failed to resolve image: "
_STATUS = "unexpected status from "
# containerd's words for a registry that failed to answer properly
_REGISTRY_FAULTS = (_STATUS, "failed to do request: ", "short read: ", "content at ", "unexpected EOF",
                    "connection reset by peer")


def restating(ref: str, *, quiet: bool, fallback: Callable[[Result], Done],
              run_path: str = "") -> Callable[[Result], Done]:
    """The restate of a `pull` plan (or of `run`'s implicit pull, `run_path` its command path): a registry's failure
    in docker's words, anything else as `fallback` says."""
    def restate(result: Result) -> Done:
        for message in _fatal_messages(result):
            done = registry_failure(message, ref, quiet=quiet)
            if done is not None:
                return _as_run(done, run_path) if run_path else done
        return fallback(result)
    return restate


def _as_run(pulled: Done, path: str) -> Done:
    """`run`'s implicit pull: its progress goes to stderr (without the default-tag line), then run's error shape."""
    from shim.errors import daemon_error

    progress = pulled.stdout.removeprefix("Using default tag: latest\n")
    error = daemon_error(pulled.stderr, path, run_like=True)
    return Done(error.code, stderr=progress + error.message)


def _fatal_messages(result: Result) -> list[str]:
    from shim.backends.nerdctl.errors import parse_record

    records = (parse_record(line) for line in result.errors)
    return [r.get("msg", "") for r in records if r.get("level") == "fatal"]


def registry_failure(message: str, ref: str, *, quiet: bool) -> Done | None:
    """nerdctl pull's fatal message as docker pull's stdout, stderr and exit code; None when no registry is to
    blame (a missing tag, credentials, containerd: the other rules say those)."""
    head, _, said = message.partition("\n")
    if not any(mark in head for mark in _REGISTRY_FAULTS):
        return None
    header = "" if quiet else pull_header(ref)
    if head.startswith(_RESOLVE):
        resolving = f'failed to resolve reference "{reference.normalize(ref)}": {_as_engine(head[len(_RESOLVE):])}'
        default_tag = header.partition("\n")[0] + "\n" if header.startswith("Using default tag") else ""
        return Done(EXIT_GENERAL, stdout=default_tag, stderr=DAEMON + _translated(resolving, said))
    return Done(EXIT_GENERAL, stdout=header, stderr=_translated(_as_engine(head), said))


def push_failure(result: Result) -> str | None:
    """nerdctl push's fatal message as docker push prints it (after its progress, bare: the push's stream carries
    it), or None when no registry is to blame."""
    for message in _fatal_messages(result):
        head, _, said = message.partition("\n")
        if any(mark in head for mark in _REGISTRY_FAULTS):
            return _translated(_as_engine(head), said)
    return None


def _as_engine(text: str) -> str:
    """containerd's message as Engine 29's resolver words it (see the module's docstring)."""
    text = text.replace("net/http: timeout awaiting response headers: context deadline exceeded",
                        "net/http: timeout awaiting response headers")
    for method in ("Head", "Get"):
        text = text.replace(f'failed to do request: {method} "http://', f'failed to do request: {method} "https://')
    return text.replace("content at http://", "content at https://")


def _translated(text: str, said: str) -> str:
    """moby's translateRegistryError: an unexpected status becomes the registry's errors, or unknown."""
    if _STATUS not in text:
        return text
    errors = _registry_errors(said)
    if not errors:
        return f"unknown: {text}"
    lines = []
    for error in errors:
        code, sep, message = error.partition(": ")
        # an error with its own message or a detail: Engine 29 shows the message (a detail that is a string
        # follows as ` - DETAIL`, which nerdctl's message does not carry); a bare code: moby lists it twice
        lines += [message] if sep else [code, code]
    return "error from registry: " + "\n".join(lines)


def _registry_errors(said: str) -> list[str]:
    """The registry's errors that containerd joined to its status error, one `code` or `code: message` each.
    nerdctl 2.3.5's message carries the list twice; once is what the registry said."""
    lines = [line for line in said.split("\n") if line and line != "errors:"]
    half = len(lines) // 2
    if lines and len(lines) % 2 == 0 and lines[:half] == lines[half:]:
        return lines[:half]
    return lines
