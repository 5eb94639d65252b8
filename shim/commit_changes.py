"""`docker commit --change`: the Dockerfile instructions Docker Engine applies to a committed image's config.

Docker's daemon takes CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and
WORKDIR (any case) and refuses the rest ("FROM is not a valid change command"). Each applies as in a
Dockerfile: CMD and ENTRYPOINT in exec (JSON) or shell form, a new ENTRYPOINT without a CMD clears the CMD,
ENV and LABEL take `k=v` pairs (ENV also the old `k v`), a relative WORKDIR goes under the current one, EXPOSE
defaults to tcp. Shared by every backend: a backend only writes the config this returns.
"""

from __future__ import annotations

VALID = ("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME",
         "WORKDIR")


class ChangeError(ValueError):
    """A change the daemon refuses; the message is the daemon's."""


def check(changes: list[str]) -> None:
    """The daemon's refusal of an instruction commit does not take."""
    for change in changes:
        directive = change.strip().split(None, 1)[0].upper() if change.strip() else ""
        if directive not in VALID:
            raise ChangeError(f"{directive} is not a valid change command")


def apply(config: dict, changes: list[str]) -> dict:
    """The image config (its `config` section, docker's Config) with the changes applied in order."""
    out = dict(config)
    entrypoint_set = cmd_set = False
    for change in changes:
        directive, _, rest = change.strip().partition(" ")
        directive, rest = directive.upper(), rest.strip()
        if directive in ("CMD", "ENTRYPOINT"):
            out["Cmd" if directive == "CMD" else "Entrypoint"] = command_form(rest)
            cmd_set = cmd_set or directive == "CMD"
            entrypoint_set = entrypoint_set or directive == "ENTRYPOINT"
        elif directive == "ENV":
            env = list(out.get("Env") or [])
            for key, value in _pairs(rest, legacy=True):
                env = [e for e in env if e.partition("=")[0] != key] + [f"{key}={value}"]
            out["Env"] = env
        elif directive == "LABEL":
            out["Labels"] = {**(out.get("Labels") or {}), **dict(_pairs(rest, legacy=False))}
        elif directive == "EXPOSE":
            ports = {p if "/" in p else f"{p}/tcp": {} for p in _words(rest)}
            out["ExposedPorts"] = {**(out.get("ExposedPorts") or {}), **ports}
        elif directive == "VOLUME":
            paths = json_list(rest) or _words(rest)
            out["Volumes"] = {**(out.get("Volumes") or {}), **{p: {} for p in paths}}
        elif directive == "WORKDIR":
            import posixpath

            out["WorkingDir"] = posixpath.join(out.get("WorkingDir") or "/", rest)
        elif directive == "USER":
            out["User"] = rest
        elif directive == "STOPSIGNAL":
            out["StopSignal"] = rest
        elif directive == "ONBUILD":
            out["OnBuild"] = [*(out.get("OnBuild") or []), rest]
    if entrypoint_set and not cmd_set:
        out["Cmd"] = None  # as in a Dockerfile: a new ENTRYPOINT drops the CMD it inherited
    return out


def command_form(text: str) -> list[str]:
    """Exec form (a JSON list of strings) as is, anything else the shell form: /bin/sh -c TEXT."""
    return json_list(text) or ["/bin/sh", "-c", text]


def json_list(text: str) -> list[str]:
    import json

    if not text.startswith("["):
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else []


def _words(text: str) -> list[str]:
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _pairs(text: str, *, legacy: bool) -> list[tuple[str, str]]:
    """`k=v k2="v 2"` pairs; ENV's old form `k rest of line` when the first word has no `=`."""
    words = _words(text)
    if legacy and words and "=" not in words[0]:
        key, _, value = text.partition(" ")
        return [(key, value.strip())]
    return [(k, v) for k, _, v in (w.partition("=") for w in words)]
