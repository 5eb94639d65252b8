"""Which build contexts docker's buildx hands to BuildKit as remote ones, and what a git context names: BuildKit's
own rules (frontend/dockerfile/dfgitutil ParseGitRef, util/gitutil), docker-side and backend-neutral.

- A git repository: `git://…`, `ssh://…`, `git@host:path` (scp style), `github.com/…`, or an `http(s)://`
  URL whose path ends in `.git`. The fragment `#REF:SUBDIR` (or the query `?ref=…&subdir=…`, also `tag`,
  `branch`, `commit`) picks the commit and the folder that is the context.
- Any other `http(s)://` URL: a file BuildKit downloads, a context archive or else the Dockerfile itself.
"""

from __future__ import annotations


class GitContext:
    """A git repository as a build context (plain data; `typing` stays off the hot path)."""

    __slots__ = ("remote", "ref", "subdir", "keep_git_dir")

    def __init__(self, remote: str, ref: str, subdir: str, keep_git_dir: bool) -> None:
        self.remote = remote  # the repository's URL, without fragment and query
        self.ref = ref  # a branch, tag or commit; "" for the remote's default branch
        self.subdir = subdir  # the folder inside the repository that is the context; "" for its root
        self.keep_git_dir = keep_git_dir  # BuildKit drops .git from the context unless asked to keep it

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GitContext) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__))

    def __repr__(self) -> str:
        return f"GitContext({self.remote!r}, {self.ref!r}, {self.subdir!r}, {self.keep_git_dir!r})"


def is_http(context: str) -> bool:
    return context.startswith(("http://", "https://"))


def git_context(context: str, keep_git_dir: bool = False) -> GitContext | None:
    """The git repository a build context names, or None when it names none (a folder, `-`, an HTTP file)."""
    github = context.startswith("github.com/")  # BuildKit's shorthand, a git repository whatever its path
    if github:
        context = "https://" + context
    scheme, _, _ = context.partition("://")
    if "://" in context:
        if scheme.lower() not in ("http", "https", "git", "ssh"):
            return None
    elif not _scp_style(context):
        return None
    if "://" in context:
        from urllib.parse import parse_qs, urlsplit  # a URL only: urllib.parse imports ipaddress

        parts = urlsplit(context)
        if scheme.lower() in ("http", "https") and not parts.path.endswith(".git") and not github:
            return None
        remote = parts._replace(query="", fragment="").geturl()
        fragment, query = parts.fragment, parse_qs(parts.query, keep_blank_values=True)
    else:
        remote, _, fragment = context.partition("#")
        query = {}
    ref, _, subdir = fragment.partition(":")
    for key in ("ref", "tag", "branch", "commit", "checksum"):
        ref = ref or (query.get(key) or [""])[0]
    subdir = subdir or (query.get("subdir") or [""])[0]
    keep = keep_git_dir or (query.get("keep-git-dir") or ["false"])[0] in ("", "1", "true", "True")
    return GitContext(remote, ref, subdir.strip("/"), keep)


def _scp_style(context: str) -> bool:
    """`user@host:path`, as sshutil.ParseSCPStyleURL takes it (a user is required, no `/` before the `:`)."""
    user_host, colon, path = context.partition(":")
    return bool(colon and path) and "@" in user_host and "/" not in user_host


def keep_git_dir(build_args: list[str]) -> bool:
    """BuildKit keeps .git in a git context when the build argument BUILDKIT_CONTEXT_KEEP_GIT_DIR is true."""
    for arg in build_args:
        name, _, value = arg.partition("=")
        if name == "BUILDKIT_CONTEXT_KEEP_GIT_DIR":
            return value.lower() in ("1", "t", "true")
    return False
