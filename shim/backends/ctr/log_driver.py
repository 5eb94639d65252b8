"""Where a container the ctr backend runs with -d logs: docker's json-file lines in nerdctl's layout.

ctr's own log URIs are a file (stdout and stderr in one, without times) or a FIFO; containerd's `binary://`
URI runs a logger program instead, which is pydock's (shim/ctr_logger.py, under the Python running pydock).
It writes `<nerdctl's data store>/containers/<ns>/<ID>/<ID>-json.log`, and the container carries the labels
nerdctl gives its own (`nerdctl/namespace`, `nerdctl/state-dir`, `nerdctl/log-uri`, `nerdctl/log-config`) with
nerdctl's `log-config.json` beside the log: `nerdctl logs` reads it as a log of its own, `nerdctl start`
starts the logger again, pydock's `logs` (shim/backends/ctr/logs.py) reads it with all of docker's options,
and removing the container releases the folder (shim/nerdctl_files.py).
"""

from __future__ import annotations

import os
import sys

LOG_CONFIG_LABEL, STATE_DIR_LABEL = "nerdctl/log-config", "nerdctl/state-dir"
LOG_URI_LABEL, NAMESPACE_LABEL = "nerdctl/log-uri", "nerdctl/namespace"


def logger_uri(store: str) -> str:
    """containerd's binary log URI running pydock's logger: `binary://PYTHON?LOGGER=STORE`. The query gives the
    logger its arguments, one key and its value (containerd passes a query's keys in no fixed order)."""
    from urllib.parse import quote

    from shim import ctr_logger

    script = os.path.abspath(ctr_logger.__file__)
    return f"binary://{quote(sys.executable, safe='/')}?{quote(script, safe='/')}={quote(store, safe='/')}"


def detached_flags(address: str, namespace: str, cid: str) -> list[str]:
    """ctr run's flags for a detached container's json-file log: the log URI and nerdctl's labels; its state
    folder made, with nerdctl's log-config.json in it. The file log of old where nerdctl keeps no data store."""
    import json

    from shim.nerdctl_files import data_store

    store = data_store(address)
    if not store:
        from shim.backends.ctr.run import LOG_DIR

        folder = os.path.join(LOG_DIR, namespace)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return ["--detach", f"--log-uri=file://{folder}/{cid}.log"]
    state = os.path.join(store, "containers", namespace, cid)
    os.makedirs(state, mode=0o700, exist_ok=True)
    config = json.dumps({"driver": "json-file", "address": address}, separators=(",", ":"))
    fd = os.open(os.path.join(state, "log-config.json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(config)
    uri = logger_uri(store)
    return ["--detach", f"--log-uri={uri}", f"--label={NAMESPACE_LABEL}={namespace}",
            f"--label={STATE_DIR_LABEL}={state}", f"--label={LOG_URI_LABEL}={uri}",
            f"--label={LOG_CONFIG_LABEL}={config}"]


def json_log(labels: dict[str, str], cid: str) -> tuple[str, str]:
    """The container's json-file log and its logger's lock file, ("", "") when it has none."""
    config, state = labels.get(LOG_CONFIG_LABEL, ""), labels.get(STATE_DIR_LABEL, "")
    if '"driver":"json-file"' not in config or not state:
        return "", ""
    return os.path.join(state, f"{cid}-json.log"), os.path.join(state, "logger-lock")
