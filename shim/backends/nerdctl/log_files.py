"""Where a container's json-file log is, for pydock to read it itself (shim/json_log.py), as `nerdctl logs`
reads it without --follow.

nerdctl's json-file driver writes docker's layout, one JSON entry a line (`log`, `stream`, `time`) in
`<state-dir>/<ID>-json.log`; its `logs` reads that one file (not the rotated ones) and writes each entry's text
to stdout or stderr, `-t` putting the entry's time first. A short log read here costs about a millisecond
where nerdctl's start-up costs 20-30 (issue #13). Only where it is sure: the json-file driver, a file
this size at most (larger logs stream through nerdctl rather than being read into memory); anything else,
and any entry this reader does not understand, leaves the command to nerdctl.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from shim.backends.nerdctl.containerd_state import Container

LOG_CONFIG, STATE_DIR = "nerdctl/log-config", "nerdctl/state-dir"


def log_path(container: Container) -> str:
    """The container's json-file log, "" when its driver is another or nerdctl recorded no state folder."""
    config, folder = container.labels.get(LOG_CONFIG, ""), container.labels.get(STATE_DIR, "")
    if '"driver":"json-file"' not in config or not folder:
        return ""
    return os.path.join(folder, container.id + "-json.log")
