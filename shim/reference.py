"""Image references the way docker writes them (distribution/reference's normalisation).

`busybox` is `docker.io/library/busybox:latest` in full and `busybox:latest` in docker's familiar
form; `127.0.0.1:5000/app` keeps its registry. Pure string work, on the hot path: no `re`.
"""

from __future__ import annotations

DEFAULT_DOMAIN = "docker.io"
OFFICIAL_PREFIX = "library/"


def _split_domain(name: str) -> tuple[str, str]:
    first, slash, rest = name.partition("/")
    # A first component is a registry when it looks like a host: has a dot or a port, or is localhost.
    if slash and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        return first, rest
    return DEFAULT_DOMAIN, name


def split(ref: str) -> tuple[str, str, str, str]:
    """(domain, path, tag, digest) of a reference; tag is "" when a digest is given without one."""
    name, at, digest = ref.partition("@")
    tag = ""
    last_slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > last_slash:
        name, tag = name[:colon], name[colon + 1:]
    domain, path = _split_domain(name)
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = OFFICIAL_PREFIX + path
    if not tag and not at:
        tag = "latest"
    return domain, path, tag, digest


def normalize(ref: str) -> str:
    """The fully qualified reference: `docker.io/library/busybox:latest`."""
    domain, path, tag, digest = split(ref)
    out = f"{domain}/{path}"
    if tag:
        out += f":{tag}"
    if digest:
        out += f"@{digest}"
    return out


def familiar(ref: str) -> str:
    """docker's short form: `busybox:latest`, `me/app:1`, `127.0.0.1:5000/app:latest`."""
    domain, path, tag, digest = split(ref)
    name = path
    if domain == DEFAULT_DOMAIN:
        name = path[len(OFFICIAL_PREFIX):] if path.startswith(OFFICIAL_PREFIX) else path
    else:
        name = f"{domain}/{path}"
    if tag:
        name += f":{tag}"
    if digest:
        name += f"@{digest}"
    return name


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_TAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def _component_ok(part: str) -> bool:
    """A path component: lowercase letters and digits, joined by `.`, `_`, `__` or dashes."""
    if not part or part[0] not in _ALNUM or part[-1] not in _ALNUM:
        return False
    i = 0
    while i < len(part):
        if part[i] in _ALNUM:
            i += 1
            continue
        j = i
        while j < len(part) and part[j] in "._-":
            j += 1
        sep = part[i:j]
        if not (sep in (".", "_", "__") or set(sep) == {"-"}):
            return False
        i = j
    return True


def problem(ref: str) -> str:
    """Why docker would refuse ref (`invalid reference format…`), or "" when it is valid."""
    bad = "invalid reference format"
    # ParseNormalizedNamed looks at the repository's case first: the text after the registry, up to a first `:`
    domain, remainder = _split_domain(ref)
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_PREFIX + remainder
    remote = remainder.partition(":")[0]
    # Go's strings.ToLower also turns a byte that is no UTF-8 (surrogateescape'd here) into U+FFFD
    if remote.lower() != remote or any("\udc80" <= c <= "\udcff" for c in remote):
        return f"{bad}: repository name ({remote}) must be lowercase"
    name, at, digest = ref.partition("@")
    if at and (":" not in digest or not digest.split(":", 1)[1]):
        return bad
    tag = ""
    if name.rfind(":") > name.rfind("/"):
        name, tag = name[:name.rfind(":")], name[name.rfind(":") + 1:]
        if not tag or len(tag) > 128 or tag[0] in ".-" or not set(tag) <= _TAG_CHARS:
            return bad
    domain, path = _split_domain(name)
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = OFFICIAL_PREFIX + path
    parts = path.split("/")
    if not _domain_ok(domain):  # the grammar's registry is optional: then it is read as the first path component
        parts.insert(0, domain)
    if at and not _digest_syntax_ok(digest):
        return bad
    if all(_component_ok(p) for p in parts):
        if len(path) > 255:  # distribution/reference's RepositoryNameTotalLengthMax, on the path
            return "repository name must not be more than 255 characters"
        return _digest_problem(digest) if at else ""
    return bad


def _domain_ok(domain: str) -> bool:
    """The reference grammar's registry: host name components (letters, digits, inner `-`) joined by dots, or an
    IPv6 address in brackets; then an optional `:port`."""
    host, colon, port = domain.rpartition(":") if not domain.endswith("]") else ("", "", "")
    if not colon:
        host = domain
    elif not (port.isascii() and port.isdigit()):
        return False
    if host.startswith("["):
        inner = host[1:-1]
        return host.endswith("]") and bool(inner) and set(inner) <= _HEX | {":"}
    return all(part and part.isascii() and part.replace("-", "").isalnum() and part[0] != "-" and part[-1] != "-"
               for part in host.split("."))


_DIGEST_SIZES = {"sha256": 64, "sha384": 96, "sha512": 128}  # the algorithms go-digest registers, in hex digits
_HEX = frozenset("0123456789abcdefABCDEF")
_HEX_LOWER = frozenset("0123456789abcdef")


def _digest_syntax_ok(digest: str) -> bool:
    """The reference grammar's digest: an algorithm (`[a-z0-9]+` parts joined by one of `.+_-`), `:`, and at least
    32 hex digits."""
    algorithm, _, encoded = digest.partition(":")
    parts = algorithm.replace("+", ".").replace("_", ".").replace("-", ".").split(".")
    return (all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)
            and len(encoded) >= 32 and set(encoded) <= _HEX)


def _digest_problem(digest: str) -> str:
    """go-digest's Validate, for a digest the grammar took: a known algorithm, its length, lower-case hex."""
    algorithm, _, encoded = digest.partition(":")
    size = _DIGEST_SIZES.get(algorithm)
    if size is None:
        return "unsupported digest algorithm"
    if len(encoded) != size:
        return "invalid checksum digest length"
    return "" if encoded == encoded.lower() else "invalid checksum digest format"


def is_local_registry(host: str) -> bool:
    """localhost, 127.0.0.0/8 and ::1 (with or without a port): registries docker reaches over plain HTTP
    without configuration, as nerdctl does."""
    if host.startswith("["):
        name = host[1:].split("]", 1)[0]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in ("localhost", "::1") or name.startswith("127.")


def repo_digest(repository: str, digest: str) -> str:
    """The repository digest docker shows for a name: on Engine 29's containerd image store, as on
    containerd itself, every name has one, the digest it points to (loaded and tagged images too;
    Engine 20.10 showed one only for images it pulled or pushed)."""
    return digest if repository and repository != "<none>" else ""


def check_reference(ref: str, *, verb: str, id_ok: bool = False) -> None:
    """docker's client refuses a malformed reference before it asks the daemon anything. `id_ok`: a full image
    ID is taken too (tag's SOURCE, which the client parses with ParseAnyReference)."""
    from shim.errors import DockerError

    problem_text = problem(ref)
    if len(ref) == 64 and set(ref) <= _HEX_LOWER and not id_ok:  # ParseNormalizedNamed: an image ID is no name
        problem_text = f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings"
    if not problem_text:
        return
    if verb == "tag":
        from shim.values import go_quote

        raise DockerError(f"Error parsing reference: {go_quote(ref)} is not a valid repository/tag: {problem_text}")
    raise DockerError(problem_text)
