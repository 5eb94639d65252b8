"""The installer's error: a message for the user and exit code 1."""

from __future__ import annotations

from shim.errors import DockerError


class InstallError(DockerError):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message, code)


class Interrupted(BaseException):  # a signal, not an error: no `except Exception` may swallow it
    """SIGTERM or SIGHUP during an install: raised where pydock stands, so that the rollbacks on the way out
    run (staged files, the work folder, a partial download) before pydock ends as killed by the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into Interrupted for the rest of this process."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        for other in (signal.SIGTERM, signal.SIGHUP):  # a second signal must not cut the rollback short
            signal.signal(other, signal.SIG_IGN)
        raise Interrupted(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
