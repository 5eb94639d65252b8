"""docker logs: fetch a container's logs."""

from __future__ import annotations

from shim.spec import Command, Flag

COMMAND = Command(
    "logs",
    "[OPTIONS] CONTAINER",
    "Fetch the logs of a container",
    ('container logs', 'logs'),
    ("exact", 1),
    (
        Flag("details", help="Show extra details provided to logs"),
        Flag("follow", "f", help="Follow log output"),
        Flag("since", "", "string", help="Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        Flag("tail", "n", "string", "all", help="Number of lines to show from the end of the logs"),
        Flag("timestamps", "t", help="Show timestamps"),
        Flag("until", "", "string", help="Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
    ),
)
