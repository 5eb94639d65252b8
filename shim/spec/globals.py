"""docker's global flags (before the command: `docker -H … ps`) and pydock's own global options."""

from __future__ import annotations

from shim.spec import Command, Flag

PYDOCK = "pydock"  # the nerdctl field of pydock's own options: they configure pydock, not a backend

COMMAND = Command(
    "docker",
    "[OPTIONS] COMMAND [ARG...]",
    "A self-sufficient runtime for containers",
    (),
    ("min", 0),
    (
        Flag("config", "", "string", "/root/.docker", help="Location of client config files",
             hint="dir"),
        Flag("context", "c", "string",
             help='Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var '
                  'and default context set with "docker context use")', hint="context"),
        Flag("debug", "D", help="Enable debug mode"),
        Flag("host", "H", "list", help="Daemon socket to connect to"),
        Flag("log-level", "l", "string", "info",
             help='Set the logging level ("debug", "info", "warn", "error", "fatal")'),
        Flag("tls", help="Use TLS; implied by --tlsverify"),
        Flag("tlscacert", "", "string", "/root/.docker/ca.pem",
             help="Trust certs signed only by this CA", hint="file"),
        Flag("tlscert", "", "string", "/root/.docker/cert.pem", help="Path to TLS certificate file",
             hint="file"),
        Flag("tlskey", "", "string", "/root/.docker/key.pem", help="Path to TLS key file",
             hint="file"),
        Flag("tlsverify", help="Use TLS and verify the remote"),
        Flag("version", "v", help="Print version information and quit"),
        # pydock's own options.
        Flag("dry-run", help="Print the backend command(s) pydock would run, and run nothing", own=True),
        Flag("backend", "", "string", help="Backend to drive: nerdctl (env PYDOCK_BACKEND)",
             hint="backend", own=True),
        Flag("namespace", "", "string", "default",
             help='containerd namespace, e.g. "k8s.io" for Kubernetes (env CONTAINERD_NAMESPACE)',
             hint="namespace", own=True),
    ),
    interspersed=False,
)
