""".dockerignore as docker's client reads and applies it (moby/patternmatcher and its ignorefile), for a build
context pydock sends somewhere itself (over the ssh transport) rather than hands to a local BuildKit.

- The file: one pattern a line; a line starting with `#` is a comment; blanks around a pattern are dropped; `!`
  makes it an exception; each pattern is cleaned as a path (`./a/` is `a`), a leading `/` dropped.
- A pattern: `*` any run of characters but `/`, `?` one such character, `[…]` a class, `\\` escapes, `**` any
  number of folders (none included). It matches a path relative to the context, or any of the path's parents.
- The last pattern that decides wins: a path is left out when the last pattern matching it is not an exception.
"""

from __future__ import annotations

import os
import posixpath
import re

_SPECIAL = frozenset(".+()|{}^$")


def read(path: str) -> list[str]:
    """The patterns of an ignore file ([] when there is none), `!` kept in front of an exception."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().removeprefix("\ufeff").splitlines()  # a UTF-8 byte order mark is dropped
    except FileNotFoundError:
        return []
    patterns = []
    for line in lines:
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = posixpath.normpath(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern.lstrip("/") or "/"
        patterns.append("!" + pattern if invert else pattern)
    return patterns


def _regex(pattern: str) -> re.Pattern[str]:
    out, i = ["^"], 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < len(pattern) and pattern[i] == "*":
                i += 1
                if i < len(pattern) and pattern[i] == "/":  # `**/` is `**`
                    i += 1
                out.append(".*" if i == len(pattern) else "(.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            out.append("\\" + pattern[i] if i < len(pattern) else "\\\\")
            i += 1
        elif ch in _SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    try:
        return re.compile("".join(out) + "$", re.DOTALL)
    except re.error:
        # docker's client fails the build on a pattern it cannot compile (a broken class)
        raise ValueError(f"syntax error in pattern: {pattern}") from None


class Matcher:
    """The patterns of one ignore file, compiled."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = [(p.startswith("!"), _regex(p.removeprefix("!"))) for p in patterns]
        self.exceptions = any(exception for exception, _ in self.patterns)

    def excluded(self, path: str) -> bool:
        """Whether `path` (relative to the context, `/`-separated) is left out: patternmatcher's
        MatchesOrParentMatches."""
        matched = False
        parents = path.split("/")[:-1]
        for exception, regex in self.patterns:
            if exception != matched:
                continue  # only an exception can undo a match, only a pattern can make one
            match = bool(regex.match(path))
            if not match:
                match = any(regex.match("/".join(parents[:i + 1])) for i in range(len(parents)))
            if match:
                matched = not exception
        return matched


def walk(context: str, matcher: Matcher) -> list[str]:
    """The context's paths that are sent (relative, `/`-separated, parents before children, in name order). A left-out
    folder is not entered unless an exception could bring back something inside it, as docker's client does."""
    sent: list[str] = []

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        for entry in listed:
            rel = prefix + entry.name
            out = matcher.excluded(rel)
            is_dir = entry.is_dir(follow_symlinks=False)
            if not out:
                sent.append(rel)
            if is_dir and (not out or matcher.exceptions):
                visit(entry.path, rel + "/")

    visit(context, "")
    return sent
