"""containerd's platform grammar (`os[(osversion)][/arch[/variant]]`), which docker's client checks a --platform
value against before it asks the daemon: the problem in containerd's words, or "".

One part must name an OS or an architecture containerd knows (after its normalisation: case, `x86_64`, `aarch64`,
`armhf` …); two or three parts are taken as they are once each part has the allowed characters.
"""

from __future__ import annotations

from shim.values import go_quote

OS_PATTERN = r"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$"
PART_PATTERN = r"^[A-Za-z0-9_.-]+$"
INVALID = ": invalid argument"
# containerd's known GOOS and GOARCH values
KNOWN_OS = frozenset(("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
                      "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos"))
KNOWN_ARCH = frozenset(("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
                        "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
                        "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"))
# containerd's other spellings of an architecture
ARCH_ALIASES = {"i386": "386", "x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm",
                "armel": "arm"}
_PART_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_OS_CHARS = _PART_CHARS - {"."}


def problem(text: str) -> str:
    """What containerd's platforms.Parse says of `text`, or "" when it parses."""
    if "*" in text:
        return f"{go_quote(text)}: wildcards not yet supported{INVALID}"
    parts = text.split("/", 3)
    os_part = parts[0]
    if not _is_os(os_part):
        return (f"{go_quote(os_part)} is an invalid OS component of {go_quote(text)}: OSAndVersion specifier "
                f"component must match {go_quote(OS_PATTERN)}{INVALID}")
    for part in parts[1:]:
        if not part or not set(part) <= _PART_CHARS:
            return (f"{go_quote(part)} is an invalid component of {go_quote(text)}: platform specifier component "
                    f"must match {go_quote(PART_PATTERN)}{INVALID}")
    if len(parts) == 4:
        return f"{go_quote(text)}: cannot parse platform specifier{INVALID}"
    if len(parts) == 1:
        name = os_part.partition("(")[0].lower()
        if name != "macos" and name not in KNOWN_OS and ARCH_ALIASES.get(name, name) not in KNOWN_ARCH:
            return f"{go_quote(text)}: unknown operating system or architecture{INVALID}"
    return ""


def _is_os(part: str) -> bool:
    """`name` or `name(version)`, as OS_PATTERN."""
    name, paren, rest = part.partition("(")
    if not name or not set(name) <= _OS_CHARS:
        return False
    if not paren:
        return True
    return rest.endswith(")") and set(rest[:-1]) <= _PART_CHARS
