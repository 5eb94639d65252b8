"""Point a registry tag at a manifest the registry already holds: the last step of a push nerdctl cannot finish.

containerd (and so nerdctl, and Docker Engine 29 on its containerd store) checks a tag with a HEAD request
that accepts OCI media types only. A distribution 2.x registry (`registry:2`, what most teams host) answers
`400 MANIFEST_INVALID` when the tag holds a Docker schema 2 manifest, which classic docker filled such tags
with for years, and the push fails. pydock then pushes the image by digest (no tag to check) and moves the
tag with one PUT of the manifest, as any registry client does.

Run as its own process, so that translation stays free of I/O:

    python -m shim.registry retag REFERENCE DIGEST

Credentials come from docker's config (DOCKER_CONFIG or ~/.docker): `auths` entries, credential helpers and
credsStore, exactly what docker and nerdctl read. Nothing secret is printed or passed on a command line.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from shim import reference

MANIFEST_TYPES = ("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
                  "application/vnd.docker.distribution.manifest.v2+json",
                  "application/vnd.docker.distribution.manifest.list.v2+json")
TIMEOUT = 60


class RegistryError(Exception):
    """What went wrong, in a registry's own words."""


def _endpoint(domain: str) -> str:
    host = "registry-1.docker.io" if domain == reference.DEFAULT_DOMAIN else domain
    # Loopback registries speak plain HTTP without configuration, in docker as in nerdctl.
    return f"{'http' if reference.is_local_registry(domain) else 'https'}://{host}"


def _config() -> dict:
    folder = os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            loaded = json.load(f)
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def credentials(domain: str, config: dict | None = None) -> tuple[str, str] | None:
    """(user, secret) docker would send to domain, or None for anonymous."""
    config = _config() if config is None else config
    key = "https://index.docker.io/v1/" if domain == reference.DEFAULT_DOMAIN else domain
    helper = (config.get("credHelpers") or {}).get(key) or config.get("credsStore")
    if helper:
        return _from_helper(str(helper), key)
    for name, entry in (config.get("auths") or {}).items():
        if name.removeprefix("https://").removeprefix("http://").rstrip("/") == key.rstrip("/") or name == key:
            if entry.get("auth"):
                user, _, secret = base64.b64decode(entry["auth"]).decode().partition(":")
                return user, secret
            if entry.get("username"):
                return entry["username"], entry.get("password", "")
    return None


def _from_helper(helper: str, key: str) -> tuple[str, str] | None:
    import subprocess

    try:
        out = subprocess.run([f"docker-credential-{helper}", "get"], input=key.encode(), capture_output=True,
                             timeout=TIMEOUT, check=False)
    except OSError:
        return None
    if out.returncode != 0:
        return None
    try:
        found = json.loads(out.stdout)
    except ValueError:
        return None
    return found.get("Username", ""), found.get("Secret", "")


class Session:
    """HTTP requests to one registry repository, answering its Basic or Bearer challenges."""

    def __init__(self, domain: str, path: str, creds: tuple[str, str] | None) -> None:
        self.base = f"{_endpoint(domain)}/v2/{path}"
        self.path = path
        self.creds = creds
        self.authorization = ""

    def request(self, method: str, url: str, *, headers: dict[str, str], body: bytes | None = None,
                retry: bool = True) -> tuple[int, dict[str, str], bytes]:
        sent = dict(headers, **({"Authorization": self.authorization} if self.authorization else {}))
        req = urllib.request.Request(url, data=body, method=method, headers=sent)  # noqa: S310 - http(s) only
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310 - http(s) only
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            if e.code == 401 and retry and self._answer(e.headers.get("WWW-Authenticate", "")):
                return self.request(method, url, headers=headers, body=body, retry=False)
            raise RegistryError(_error_text(e)) from None
        except OSError as e:
            raise RegistryError(str(getattr(e, "reason", e))) from None

    def _answer(self, challenge: str) -> bool:
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() == "basic" and self.creds:
            self.authorization = "Basic " + base64.b64encode(":".join(self.creds).encode()).decode()
            return True
        if scheme.lower() != "bearer":
            return False
        fields = dict(_challenge_fields(params))
        query = {"service": fields.get("service", ""), "scope": f"repository:{self.path}:pull,push"}
        url = fields.get("realm", "") + "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v})
        headers = {}
        if self.creds:
            headers["Authorization"] = "Basic " + base64.b64encode(":".join(self.creds).encode()).decode()
        req = urllib.request.Request(url, headers=headers)  # noqa: S310 - the registry's own realm
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310
                token = json.loads(resp.read())
        except (OSError, ValueError):
            return False
        value = token.get("token") or token.get("access_token")
        self.authorization = f"Bearer {value}" if value else ""
        return bool(value)


def _challenge_fields(params: str):
    for part in params.split(","):
        key, _, value = part.strip().partition("=")
        yield key, value.strip('"')


def _error_text(e: urllib.error.HTTPError) -> str:
    try:
        errors = json.loads(e.read()).get("errors") or []
        first = errors[0]
        return f"{first.get('code', '').lower()}: {first.get('message', '')}"
    except (ValueError, IndexError, AttributeError, OSError):
        return f"{e.code} {e.reason}"


def retag(ref: str, digest: str) -> None:
    """Make ref's tag name the manifest `digest` that the registry already holds in ref's repository."""
    domain, path, tag, _ = reference.split(ref)
    session = Session(domain, path, credentials(domain))
    _, headers, body = session.request("GET", f"{session.base}/manifests/{digest}",
                                       headers={"Accept": ", ".join(MANIFEST_TYPES)})
    media_type = headers.get("Content-Type") or json.loads(body).get("mediaType") or MANIFEST_TYPES[0]
    session.request("PUT", f"{session.base}/manifests/{tag}", headers={"Content-Type": media_type}, body=body)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "retag":
        print("usage: python -m shim.registry retag REFERENCE DIGEST", file=sys.stderr)
        return 2
    try:
        retag(argv[1], argv[2])
    except RegistryError as e:
        # the push's caller (the nerdctl backend's push.py) knows these lines by their start
        print(f"pydock-registry: failed to tag {reference.familiar(argv[1])}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
