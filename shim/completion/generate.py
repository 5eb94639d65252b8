"""Write (or check) the checked-in completion scripts: `python -m shim.completion.generate --write`.

`completions/` holds exactly what `pydock completion SHELL` prints; tests/unit/test_completion.py
regenerates and compares, so a spec change that is not followed by `--write` fails the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# shell → file name in completions/ (the names each shell's loader looks for).
FILES = {"bash": "pydock.bash", "zsh": "_pydock", "fish": "pydock.fish"}


def script(shell: str) -> str:
    """The completion script for one shell, generated from the spec."""
    from shim.completion import model

    renderer = __import__(f"shim.completion.{shell}", fromlist=["render"])
    return renderer.render(model.build())


def drifted(root: Path = ROOT) -> list[str]:
    """The checked-in scripts that differ from what the spec gives now."""
    return [name for shell, name in FILES.items()
            if not (root / "completions" / name).exists()
            or (root / "completions" / name).read_text(encoding="utf-8") != script(shell)]


def write(root: Path = ROOT) -> list[str]:
    """Rewrite the scripts that changed; returns their names."""
    folder = root / "completions"
    folder.mkdir(exist_ok=True)
    changed = []
    for shell, name in FILES.items():
        text = script(shell)
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        changed = write()
        print(f"rewrote {', '.join(changed)}" if changed else "completions/ is up to date")
        return 0
    if argv == ["--check"]:
        stale = drifted()
        if stale:
            print(f"completions/ drifted from the spec: {', '.join(stale)} "
                  "(run: python -m shim.completion.generate --write)", file=sys.stderr)
        return 1 if stale else 0
    print("usage: python -m shim.completion.generate --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
