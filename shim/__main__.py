"""`python -m shim …` runs pydock."""

from shim.cli import entry

entry()
