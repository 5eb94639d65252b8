"""docker build from a git repository or an HTTP URL on nerdctl, whose build takes a local folder only.

docker's buildx hands such a context to BuildKit, which fetches it (`[internal] load git source …`). pydock's
buildkitd runs on this host, so pydock fetches it here the same way and builds the folder:
- git: `git clone` (submodules too), `git checkout REF` for a `#REF` (branch, tag or commit), the `:SUBDIR` as
  the context, and .git dropped as BuildKit drops it (kept with BUILDKIT_CONTEXT_KEEP_GIT_DIR=1). `-f` names
  a Dockerfile inside that context, as with buildx.
- http(s): the file is downloaded, then read as a context from stdin is (build.py): an archive is the context,
  anything else the Dockerfile.
Failures read as buildx's (`ERROR: failed to build: failed to solve: …`), exit 1.
"""

from __future__ import annotations

import os

from shim.errors import EXIT_GENERAL
from shim.plan import PREPARE, Done, Plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.build_contexts import GitContext
    from shim.plan import Result

GIT_ERRORS = (b"fatal: ", b"error: ")
# BuildKit's git source asks no questions: a repository that wants credentials fails
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0"}
_SOLVE = "ERROR: failed to build: failed to solve: failed to read dockerfile: failed to load cache key: "
DOWNLOAD_TIMEOUT = 60


def from_git(argv: list[str], git: GitContext, dockerfile: str, folder: str, **plan: object) -> Plan:
    """Clone, check out, then build the context folder (nerdctl's build, supervised as build.py does)."""
    repo = os.path.join(folder, "repo")
    clone = ["git", "clone", "--quiet", "--recurse-submodules", git.remote, repo]
    checkout = ["git", "-C", repo, "checkout", "--quiet", "--recurse-submodules", git.ref]
    build = [*argv, "--file=<the Dockerfile in the repository>", "<the repository's context folder>"]

    def cloned(result: Result) -> Plan | Done:
        if result.code != 0:
            return Done(EXIT_GENERAL, stderr=f"{_SOLVE}error fetching default branch for repository {git.remote}: "
                                             f"git stderr:\n{_git_errors(result)}\n: exit status {result.code}")
        if not git.ref:
            return checked_out(result)
        return Plan(checkout, env=GIT_ENV, log_prefix=GIT_ERRORS, always_then=True, then=checked_out)

    def checked_out(result: Result) -> Plan | Done:
        if result.code != 0:
            # buildx v0.38 first looks for a build policy beside the Dockerfile, which fails on the missing ref
            return Done(EXIT_GENERAL, stderr=f"{_policy(dockerfile)}repository does not contain ref {git.ref}, "
                                             'output: ""')
        if not git.keep_git_dir:
            import shutil

            shutil.rmtree(os.path.join(repo, ".git"), ignore_errors=True)
        context = os.path.realpath(os.path.join(repo, git.subdir))
        if not context.startswith(os.path.realpath(repo)) or not os.path.isdir(context):
            return Done(EXIT_GENERAL, stderr=f"{_SOLVE}{git.subdir}: not found in the repository")
        found = dockerfile if dockerfile == "-" or os.path.isabs(dockerfile) else \
            os.path.join(context, dockerfile or "Dockerfile")
        from shim.backends.nerdctl.build import supervised

        return supervised([*argv, f"--file={found}", context], **plan)  # type: ignore[arg-type]

    later = (checkout, build) if git.ref else (build,)
    return Plan(clone, env=GIT_ENV, log_prefix=GIT_ERRORS, cleanup=(folder,), always_then=True, then=cloned,
                later=later)


def _policy(dockerfile: str) -> str:
    """The start of buildx v0.38's error when the source it reads a build policy from (`Dockerfile.rego`
    beside the Dockerfile) cannot be loaded."""
    policy = f"{os.path.basename(dockerfile if dockerfile not in ('', '-') else 'Dockerfile')}.rego"
    return f"ERROR: failed to build: failed to stat policy file {policy}: failed to load cache key: "


def _git_errors(result: Result) -> str:
    return "\n".join(result.errors) or "(none)"


def from_http(argv: list[str], url: str, dockerfile: str, spool: str, **plan: object) -> Plan:
    """Download the file into a new private file, then build from it as from stdin."""
    later = [*argv, f"--file={dockerfile or 'Dockerfile'}", f"<the context or Dockerfile downloaded from {url}>"]

    def download(_result: Result) -> Plan | Done:
        problem = _download(url, spool)
        if problem:
            return Done(EXIT_GENERAL, stderr=_policy(dockerfile) + problem)  # as for a missing git ref
        from shim.backends.nerdctl.build import stdin_context

        return stdin_context(argv, dockerfile, spool, **plan)  # type: ignore[arg-type]

    return Plan([], PREPARE, cleanup=(spool,), later=(later,), then=download)


def _download(url: str, path: str) -> str:
    """Stream url into path (created new, owner only); "" or BuildKit's words for what went wrong."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 - http(s) only here
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
    except urllib.error.HTTPError as e:
        return f"invalid response status {e.code}"
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        if isinstance(reason, ConnectionRefusedError):  # Go's net/http words
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            return f'Get "{url}": dial tcp {parts.hostname}:{port}: connect: connection refused'
        return f'Get "{url}": {getattr(reason, "strerror", None) or reason}'
    return ""
