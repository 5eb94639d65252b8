"""A context's docker endpoint from `--docker key=value,…`, checked the way docker 28's client checks it (its
endpoint options, then a client built on the host URL), with docker's words for each failure.

`--docker`'s pairs are read by the parser (shim/string_pairs.py).
"""

from __future__ import annotations

from shim.errors import DockerError
from shim.values import go_quote

KEYS = ("from", "host", "ca", "cert", "key", "skip-tls-verify")
TLS_KEYS = {"ca": "ca.pem", "cert": "cert.pem", "key": "key.pem"}
_UNIX_PATH_MAX = 108  # sockaddr_un's sun_path, NUL included


def endpoint(options: dict[str, str], lookup) -> tuple[dict, dict[str, bytes]]:
    """(docker endpoint metadata, TLS files) for --docker's options; `lookup(name)` gives a stored context's
    metadata for `from=`. Raises docker's error, which the caller words as "unable to create docker endpoint
    config: …"."""
    for key in options:
        if key not in KEYS:
            raise DockerError(f"unrecognized config key: {key}")
    if "from" in options:
        source = lookup(options["from"])
        found = source.get("Endpoints", {}).get("docker")
        if not isinstance(found, dict):
            raise DockerError(f"unable to get endpoint from context {go_quote(options['from'])}")
        return dict(found), {}
    tls: dict[str, bytes] = {}
    for key, file in TLS_KEYS.items():
        if options.get(key):
            tls[f"docker/{file}"] = _read(options[key])
    skip = False
    if "skip-tls-verify" in options:
        from shim.values import parse_bool

        value = options["skip-tls-verify"]
        parsed = parse_bool(value)
        if parsed is None:
            raise DockerError(f"skip-tls-verify: parsing {go_quote(value)}: invalid syntax")
        skip = parsed
    host = options.get("host", "")
    if host:
        check_host(host, tls)
    meta = {"Host": host, "SkipTLSVerify": skip} if host else {"SkipTLSVerify": skip}
    return meta, tls


def _read(path: str) -> bytes:
    import os

    try:
        with open(os.path.expanduser(path), "rb") as f:
            return f.read()
    except OSError as e:
        raise DockerError(f"open {path}: {(e.strerror or '').lower()}") from None


def check_host(host: str, tls: dict[str, bytes] | None = None) -> None:
    """docker's checks of an endpoint's host: a URL (Go's net/url), an ssh spec for ssh://, its TLS files, then
    the client's `proto://addr` form."""
    problem = url_problem(host)
    if problem:
        raise DockerError(f"invalid docker endpoint options: parse {go_quote(host)}: {problem}")
    if host.startswith("ssh://"):
        problem = ssh_problem(host)
        if problem:
            raise DockerError(f"invalid docker endpoint options: ssh host connection is not valid: invalid SSH URL: "
                              f"{problem}")
        return
    problem = tls_problem(tls or {})
    if problem:
        raise DockerError(f"invalid docker endpoint options: {problem}")
    proto, sep, addr = host.partition("://")
    if not sep or not addr:
        raise DockerError(f"unable to apply docker endpoint options: unable to parse docker host `{host}`")
    if proto == "npipe":
        raise DockerError("unable to apply docker endpoint options: protocol not available")
    if proto == "unix" and len(addr) >= _UNIX_PATH_MAX:
        raise DockerError(f"unable to apply docker endpoint options: unix socket path {go_quote(addr)} is too long")


def _scheme(url: str) -> tuple[str, str, str]:
    """(scheme, rest, problem) as Go's url.getScheme splits them."""
    for i, ch in enumerate(url):
        if ch.isascii() and ch.isalpha():
            continue
        if ch.isascii() and (ch.isdigit() or ch in "+-."):
            if i == 0:
                return "", url, ""
            continue
        if ch == ":":
            if i == 0:
                return "", "", "missing protocol scheme"
            return url[:i].lower(), url[i + 1:], ""
        return "", url, ""
    return "", url, ""


def url_problem(url: str) -> str:
    """Go's url.Parse error for a docker host value ("" when it parses), for the mistakes people make."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "net/url: invalid control character in URL"
    scheme, rest, problem = _scheme(url)
    if problem:
        return problem
    rest = rest.split("#", 1)[0].split("?", 1)[0]
    bad = _bad_escape(rest)
    if bad:
        return f"invalid URL escape {go_quote(bad)}"
    if not scheme:
        first = rest.split("/", 1)[0]
        if not rest.startswith("/") and ":" in first:
            return "first path segment in URL cannot contain colon"
        return ""
    if not rest.startswith("//"):
        return ""
    authority = rest[2:].split("/", 1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return "missing ']' in host"
        port = host[end + 1:]
        if port and (port[0] != ":" or (not port[1:].isdigit() and port != ":")):
            return f"invalid port {go_quote(port)} after host"
        return ""
    name, colon, port = host.rpartition(":") if ":" in host else (host, "", "")
    if colon and port and not (port.isascii() and port.isdigit()):
        return f"invalid port {go_quote(':' + port)} after host"
    for ch in name:
        if not (ch.isalnum() or ch in "-._~!$&'()*+,;=:%[]") or ch == " ":
            return f"invalid character {go_quote(ch)} in host name"
    return ""


def _bad_escape(text: str) -> str:
    i = text.find("%")
    while i >= 0:
        part = text[i:i + 3]
        if len(part) < 3 or not all(c in "0123456789abcdefABCDEF" for c in part[1:]):
            return part
        i = text.find("%", i + 3)
    return ""


def ssh_problem(host: str) -> str:
    """docker's checks of an ssh:// host (its connhelper's ssh spec)."""
    rest = host[len("ssh://"):]
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    authority = rest.split("/", 1)[0]
    user, at, hostport = authority.rpartition("@")
    if at and ":" in user:
        return "plain-text password is not supported"
    name = hostport[1:hostport.find("]")] if hostport.startswith("[") else hostport.partition(":")[0]
    if not name:
        return "hostname is empty"
    if query:
        return f"query parameters are not allowed: {go_quote(query)}"
    if fragment:
        return f"fragments are not allowed: {go_quote(fragment)}"
    return ""


def _pem_types(data: bytes) -> list[str]:
    """The types of the PEM blocks in a file (`CERTIFICATE`, `PRIVATE KEY` …)."""
    found = []
    for raw in data.decode("latin-1").splitlines():
        line = raw.strip()
        if line.startswith("-----BEGIN ") and line.endswith("-----"):
            found.append(line[len("-----BEGIN "):-len("-----")])
    return found


def tls_problem(tls: dict[str, bytes]) -> str:
    """docker's complaint about an endpoint's TLS files, as far as their PEM blocks show it ("" when none)."""
    problem = _pair_problem(tls)
    if not problem or problem.startswith("no valid"):
        return problem
    return f"failed to retrieve context tls info: {problem}"


def _pair_problem(tls: dict[str, bytes]) -> str:
    if "docker/ca.pem" in tls and "CERTIFICATE" not in _pem_types(tls["docker/ca.pem"]):
        return "ca.pem seems invalid"
    if "docker/cert.pem" in tls and "docker/key.pem" in tls:
        certs, keys = _pem_types(tls["docker/cert.pem"]), _pem_types(tls["docker/key.pem"])
        if not keys:
            return "no valid private key found"
        if not certs:
            return "tls: failed to find any PEM data in certificate input"
        if "CERTIFICATE" not in certs:
            return "tls: failed to find certificate PEM data in certificate input, but did find a private key; " \
                   "PEM inputs may have been switched"
        if not keys:
            return "tls: failed to find any PEM data in key input"
        if not any(k == "PRIVATE KEY" or k.endswith(" PRIVATE KEY") for k in keys):
            if "CERTIFICATE" in keys:
                return "tls: found a certificate rather than a key in the PEM for the private key"
            return "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input"
    return ""
