"""Where each shell loads completions from, and installing pydock's script there, idempotently.

- bash: bash-completion's per-user folder (`$XDG_DATA_HOME/bash-completion/completions/`), which it
  lazy-loads by command name; without bash-completion, a `source` line in ~/.bashrc instead.
- zsh: ~/.zfunc on `fpath` (a line at the top of ~/.zshrc, before any compinit), as `_pydock`.
- fish: `$XDG_CONFIG_HOME/fish/completions/pydock.fish`, autoloaded by name.
A copy named for `docker` is written only when docker is pydock (alias or pydock's shim), so a real
docker keeps its own completion.
"""

from __future__ import annotations

import os
import re
import shutil

from shim.install.errors import InstallError

RC_MARK = "# pydock completion"
SHELLS = ("bash", "zsh", "fish")
_BASH_COMPLETION = ("/usr/share/bash-completion/bash_completion", "/etc/bash_completion")
_ALIAS = re.compile(r"^\s*alias\s+docker(?:=|\s+)['\"]?(?:\S*/)?pydock\b", re.MULTILINE)


class Step:
    """One change: write `text` to `path` (kind "file"), or add the line `text` to the rc file `path`
    (kind "top" at its start, "end" at its end) unless a line with RC_MARK and the same text is there."""

    __slots__ = ("kind", "path", "text")

    def __init__(self, kind: str, path: str, text: str) -> None:
        self.kind, self.path, self.text = kind, path, text


def detect_shell() -> str:
    """The user's interactive shell: shellingham looks at the parent processes; $SHELL otherwise."""
    import shellingham

    try:
        name = shellingham.detect_shell()[0]
    except shellingham.ShellDetectionFailure:
        name = os.path.basename(os.environ.get("SHELL", ""))
    if name not in SHELLS:
        raise InstallError(f"pydock completion: cannot complete for shell {name or '(unknown)'}; "
                           "use --shell bash, zsh or fish")
    return name


def _home(*parts: str) -> str:
    return os.path.join(os.path.expanduser("~"), *parts)


def _xdg(variable: str, default: str, *parts: str) -> str:
    return os.path.join(os.environ.get(variable) or _home(default), *parts)


def docker_is_pydock(rc_files: list[str]) -> bool:
    """Whether `docker` means pydock: pydock's shim or a link to pydock on PATH, or an alias in rc files."""
    from shim.install import dockershim

    found = shutil.which("docker")
    if found:
        if dockershim.is_ours(found):
            return True
        pydock = shutil.which("pydock")
        return bool(pydock) and os.path.realpath(found) == os.path.realpath(pydock)  # type: ignore[arg-type]
    for rc in rc_files:
        try:
            with open(rc, encoding="utf-8", errors="replace") as f:
                if _ALIAS.search(f.read()):
                    return True
        except OSError:
            continue
    return False


def plan(shell: str, script: str) -> list[Step]:
    """The changes that install `script` for `shell`."""
    if shell == "bash":
        folder = _xdg("XDG_DATA_HOME", ".local/share", "bash-completion", "completions")
        steps = [Step("file", os.path.join(folder, "pydock"), script)]
        if docker_is_pydock([_home(".bashrc"), _home(".bash_aliases")]):
            steps.append(Step("file", os.path.join(folder, "docker"), script))
        if not any(os.path.exists(p) for p in _BASH_COMPLETION):  # nothing lazy-loads that folder
            target = os.path.join(folder, "pydock")
            steps.append(Step("end", _home(".bashrc"), f'[ -r "{target}" ] && . "{target}"  {RC_MARK}'))
        return steps
    if shell == "zsh":
        zdot = os.environ.get("ZDOTDIR") or _home()
        folder, zshrc = os.path.join(zdot, ".zfunc"), os.path.join(zdot, ".zshrc")
        steps = [Step("file", os.path.join(folder, "_pydock"), script),
                 Step("top", zshrc, f'fpath=("{folder}" $fpath)  {RC_MARK}')]
        if docker_is_pydock([zshrc]):
            steps.append(Step("file", os.path.join(folder, "_docker"),
                              script.replace("#compdef pydock\n", "#compdef docker\n", 1)))
        if "compinit" not in _read(zshrc):
            steps.append(Step("end", zshrc, f"autoload -Uz compinit && compinit  {RC_MARK}"))
        return steps
    if shell == "fish":
        folder = _xdg("XDG_CONFIG_HOME", ".config", "fish", "completions")
        steps = [Step("file", os.path.join(folder, "pydock.fish"), script)]
        config = _xdg("XDG_CONFIG_HOME", ".config", "fish", "config.fish")
        if docker_is_pydock([config]):
            steps.append(Step("file", os.path.join(folder, "docker.fish"), script))
        return steps
    raise InstallError(f"pydock completion: unknown shell {shell!r} (bash, zsh or fish)")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def _done(step: Step) -> bool:
    current = _read(step.path)
    if step.kind == "file":
        return current == step.text
    return step.text in current.splitlines()


def describe(steps: list[Step]) -> list[str]:
    """What --install would do, one line per change (already done ones say so)."""
    out = []
    for step in steps:
        what = f"write {step.path}" if step.kind == "file" else f"add to {step.path}: {step.text}"
        out.append(f"{what}  (already there)" if _done(step) else what)
    return out


def apply(steps: list[Step]) -> list[str]:
    """Make the changes that are not made yet; returns a line per step saying what happened."""
    out = []
    for step in steps:
        if _done(step):
            out.append(f"unchanged: {step.path}")
            continue
        os.makedirs(os.path.dirname(step.path), exist_ok=True)
        if step.kind == "file":
            content = step.text
        else:
            current = _read(step.path)
            if step.kind == "top":
                content = step.text + "\n" + current
            else:
                content = current + ("" if not current or current.endswith("\n") else "\n") + step.text + "\n"
        temporary = f"{step.path}.pydock-tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(content)
        os.replace(temporary, step.path)  # a reader never sees half a file
        out.append(f"wrote {step.path}" if step.kind == "file" else f"updated {step.path}")
    return out
