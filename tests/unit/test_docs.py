"""Generated documents stay what the spec says, and say all of it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from shim import docgen, spec
from shim.spec import others
from tests.conftest import ROOT


@pytest.mark.parametrize("rel", sorted(docgen.DOCS))
def test_generated_doc_is_current(rel):
    assert (ROOT / rel).read_text() == docgen.DOCS[rel](ROOT), f"run: python -m shim.docgen ({rel} drifted)"


def test_commands_md_lists_every_command_path():
    text = (ROOT / "docs/commands.md").read_text()
    accepted = {*spec.PATHS, *others.PATHS, *(a for p in others.PATHS for a in others.lookup(p)[1].aliases)}
    missing = sorted(p for p in accepted if f"`docker {p}`" not in text and f"    docker {p} " not in text and f"    docker {p}\n" not in text
                     and f"`docker {p} " not in text)
    assert not missing


def test_commands_md_says_why_for_every_missing_command():
    text = (ROOT / "docs/commands.md").read_text()
    from shim.backends import load

    for path in others.PATHS:
        why = load("nerdctl").lacking_reason(path)
        assert not why or why in text, path


MAN_SECTIONS = ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS", "PYDOCK COMMANDS", "ENVIRONMENT",
                "EXIT STATUS", "SEE ALSO")


def test_man_page_has_its_sections_in_order():
    lines = (ROOT / "docs/pydock.1").read_text().splitlines()
    assert [ln[4:] for ln in lines if ln.startswith(".SH ")] == list(MAN_SECTIONS)


def test_man_page_names_the_environment():
    text = (ROOT / "docs/pydock.1").read_text()
    for name in ("PYDOCK_BACKEND", "PYDOCK_DEBUG", "PYDOCK_AUTO_INSTALL", "CONTAINERD_NAMESPACE", "DOCKER_CONFIG",
                 "DOCKER_HOST"):
        assert f"\\fB{name}\\fR" in text


@pytest.mark.skipif(not shutil.which("groff"), reason="groff is not installed")
def test_man_page_renders_without_warnings():
    proc = subprocess.run(["groff", "-man", "-Tutf8", "-ww", str(ROOT / "docs/pydock.1")], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    plain = re.sub(".\x08", "", proc.stdout)  # grotty's overstrike bold and underline
    for section in MAN_SECTIONS:
        assert f"\n{section}\n" in plain


def test_architecture_page_names_modules_that_exist():
    text = (ROOT / "docs/architecture.md").read_text()
    paths = set(re.findall(r"`((?:shim|tests)/[\w/.]+)`", text))
    assert len(paths) > 20
    missing = [p for p in sorted(paths) if not (ROOT / p.rstrip("/")).exists()]
    assert missing == []
