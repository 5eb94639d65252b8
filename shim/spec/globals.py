"""docker's global flags (before the command: `docker -H … ps`) and pydock's own global options."""

from __future__ import annotations

from shim.spec import EMULATE, REFUSE, Command, Flag

PYDOCK = "pydock"  # the nerdctl field of pydock's own options: they configure pydock, not a backend

COMMAND = Command(
    "docker",
    "[OPTIONS] COMMAND [ARG...]",
    "A self-sufficient runtime for containers",
    (),
    ("min", 0),
    (
        Flag("config", "", "string", "/root/.docker", help="Location of client config files",
             hint="dir", nerdctl=EMULATE,
             note="becomes DOCKER_CONFIG for nerdctl, which reads registry credentials there"),
        Flag("context", "c", "string",
             help='Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var '
                  'and default context set with "docker context use")', nerdctl=EMULATE,
             note='only the "default" context exists: the local containerd'),
        Flag("debug", "D", help="Enable debug mode", nerdctl=EMULATE,
             note="becomes nerdctl's --debug (nerdctl has no -D)"),
        Flag("host", "H", "list", help="Daemon socket to connect to", nerdctl=EMULATE,
             note="unix:///path/containerd.sock becomes nerdctl --address; tcp:// and ssh:// cannot "
                  "work (nerdctl only talks to a local containerd socket)"),
        Flag("log-level", "l", "string", "info",
             help='Set the logging level ("debug", "info", "warn", "error", "fatal")', nerdctl=EMULATE,
             note='"debug" turns on nerdctl --debug; the other levels are checked and accepted (pydock '
                  "logs nothing below a warning)"),
        Flag("tls", help="Use TLS; implied by --tlsverify", nerdctl=REFUSE,
             note="there is no remote daemon to reach over TLS"),
        Flag("tlscacert", "", "string", "/root/.docker/ca.pem",
             help="Trust certs signed only by this CA", hint="file", nerdctl=REFUSE,
             note="there is no remote daemon to reach over TLS"),
        Flag("tlscert", "", "string", "/root/.docker/cert.pem", help="Path to TLS certificate file",
             hint="file", nerdctl=REFUSE, note="there is no remote daemon to reach over TLS"),
        Flag("tlskey", "", "string", "/root/.docker/key.pem", help="Path to TLS key file",
             hint="file", nerdctl=REFUSE, note="there is no remote daemon to reach over TLS"),
        Flag("tlsverify", help="Use TLS and verify the remote", nerdctl=REFUSE,
             note="there is no remote daemon to reach over TLS"),
        Flag("version", "v", help="Print version information and quit", nerdctl=EMULATE,
             note="pydock prints docker's one-line version format with its own version"),
        # pydock's own options.
        Flag("dry-run", help="Print the backend command(s) pydock would run, and run nothing",
             nerdctl=PYDOCK, note="pydock's own option"),
        Flag("backend", "", "string", help="Backend to drive: nerdctl (env PYDOCK_BACKEND)",
             hint="backend", nerdctl=PYDOCK, note="pydock's own option"),
        Flag("namespace", "", "string", "default",
             help='containerd namespace, e.g. "k8s.io" for Kubernetes (env CONTAINERD_NAMESPACE)',
             hint="namespace", nerdctl=PYDOCK,
             note="pydock's own option; becomes nerdctl --namespace"),
    ),
    interspersed=False,
)
