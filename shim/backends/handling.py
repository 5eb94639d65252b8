"""The words a backend's support table uses for how it handles one of docker's flags (shim/backends/<name>/
support.py). Any other value that starts with "-" is a rename: docker's flag becomes that backend flag."""

PASS = "pass"  # noqa: S105 - not a password. Same flag, same meaning: handed to the backend as given
EMULATE = "emulate"  # pydock implements it (or rewrites it) itself; the note says how
REFUSE = "refuse"  # the backend cannot express it: docker-style error, exit 125, nothing runs
NOOP = "noop"  # docker itself accepts and ignores it (deprecated or default-only); so does pydock
OWN = "pydock"  # one of pydock's own options (--backend, --namespace…): it configures pydock itself
