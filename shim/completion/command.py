"""`pydock completion [bash|zsh|fish] [--install] [--shell S] [--show]` (typer; cold path only).

Prints the script generated from the spec, or installs it where the user's shell loads completions.
"""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer  # noqa: TID251 - pydock's own command, loaded only when `pydock completion` is typed

from shim.install.errors import InstallError


class Shell(enum.StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def completion(
    shell: Annotated[Shell | None, typer.Argument(help="the shell to print a script for")] = None,
    install: bool = typer.Option(False, "--install", help="install the script for your shell (detected)"),
    shell_option: Annotated[Shell | None, typer.Option("--shell", help="the shell for --install/--show")] = None,
    show: bool = typer.Option(False, "--show", help="print where --install would write, change nothing"),
) -> None:
    """Print a completion script for bash, zsh or fish, or install it for your shell."""
    from shim.completion import generate
    from shim.completion import install as installer

    if not install and not show:
        if shell is None:
            raise InstallError("pydock completion: name a shell (bash, zsh or fish), or use --install")
        sys.stdout.write(generate.script(shell.value))
        return
    name = (shell_option or shell or Shell(installer.detect_shell())).value
    steps = installer.plan(name, generate.script(name))
    if show:
        print("\n".join(installer.describe(steps)))
        return
    print("\n".join(installer.apply(steps)))


def main(argv: list[str]) -> int:
    """argv starts with the word `completion` (shim/cli.py hands over the whole command line)."""
    try:
        app(args=argv[1:], prog_name="pydock completion", standalone_mode=False)
    except InstallError as e:
        print(e.message, file=sys.stderr)
        return e.code
    except typer.Exit as e:
        return e.exit_code
    except Exception as e:  # typer's usage errors: a message, never a traceback
        if type(e).__name__ in ("UsageError", "BadParameter", "NoSuchOption", "MissingParameter"):
            message = e.format_message() if hasattr(e, "format_message") else str(e)
            print(f"pydock: {message}\nSee 'pydock completion --help'.", file=sys.stderr)
            return 2
        raise
    return 0
