"""The root help is built from the spec tables: every command pydock accepts is listed once, in docker's
sections, and pydock's own commands and options stay out of docker's blocks."""

from __future__ import annotations

import io

from shim import cli, help
from shim.spec import others


def root_text() -> str:
    out = io.StringIO()
    assert help.show_root(out) == 0
    return out.getvalue()


def test_every_top_level_command_is_listed_once():
    listed = [name for _, names in help.root_sections() for name in names]
    accepted = {p for p in (*cli.spec.PATHS, *others.PATHS) if " " not in p} | set(others.GROUPS)
    # docker's plugins pydock answers, listed as docker lists an installed plugin (and buildx's bake alias)
    assert sorted(listed) == sorted(accepted | set(help.PLUGINS))


def test_every_listed_command_has_a_summary():
    for _, names in help.root_sections():
        for name in names:
            summary = help.root_summary(name)
            assert summary and not summary.endswith("."), name


def test_pydock_commands_are_listed():
    names = [name for name, _ in help.OWN_COMMANDS]
    assert {c for c in cli.OWN_COMMANDS if not c.startswith("__")} <= set(names)  # __x: hidden plumbing
    text = root_text()
    for name in names:
        assert f"\n  {name:<11} " in text


def test_pydock_options_stay_out_of_dockers_global_options():
    text = root_text()
    docker_block = text[text.index("Global Options:"):text.index("pydock Options:")]
    own_block = text[text.index("pydock Options:"):]
    for name in ("--dry-run", "--backend", "--namespace"):
        assert name not in docker_block
        assert name in own_block


def test_config_defaults_follow_docker_config(monkeypatch):
    # docker prints its live config folder as the default of --config and the --tls* files.
    monkeypatch.setenv("DOCKER_CONFIG", "/srv/cfg")
    text = " ".join(root_text().split())  # unwrapped: where pflag breaks lines depends on the length
    assert 'config files (default "/srv/cfg")' in text
    assert 'this CA (default "/srv/cfg/ca.pem")' in text
