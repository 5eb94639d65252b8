"""Where a command pydock passes to nerdctl prints something other than docker would, in a way scripts
read: the rewrites, per docker command path. ERRORS rewrite the restated stderr only (the command still
streams its output); OUTPUT commands are captured and their stdout rewritten too. Pure functions."""

from __future__ import annotations

from shim.daemon_errors import cannot_kill
from shim.output.sortorder import natural_key
from shim.plan import Done

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from shim.plan import Result


def unchanged(_tail: list[str], done: Done) -> Done:
    return done


def flags(tail: list[str]) -> list[str]:
    return [a for a in tail[:tail.index("--") if "--" in tail else len(tail)] if a.startswith("-") and a != "-"]


def positionals(tail: list[str], valued: tuple[str, ...]) -> list[str]:
    """The non-flag arguments, skipping the values of the flags in `valued` (`-s`, `--signal`)."""
    out, skip = [], False
    for i, arg in enumerate(tail):
        if skip:
            skip = False
        elif arg == "--":
            return out + tail[i + 1:]
        elif arg.startswith("-") and arg != "-":
            skip = arg in valued
        else:
            out.append(arg)
    return out


def failed_names(done: Done, names: list[str]) -> list[str]:
    return [n for n in names if f"container: {n}" in done.stderr or f'"{n}"' in done.stderr]


def in_argument_order(stderr: str, names: list[str]) -> str:
    """nerdctl handles several networks at once and reports them in whatever order they finish; docker
    reports them in the order given. Lines that name none of `names` keep their place at the end."""
    def rank(line: str) -> int:
        words = line.replace(":", " ").split()
        return next((i for i, name in enumerate(names) if name in words), len(names))
    return "\n".join(sorted(stderr.splitlines(), key=rank))


def _lines(done: Done, keep: Callable[[str], str | None]) -> str:
    """stderr with each line mapped by `keep` (None drops it)."""
    return "\n".join(text for line in done.stderr.splitlines() if (text := keep(line)) is not None)


# --- stderr only ------------------------------------------------------------------------------------
def _attaching(tail: list[str]) -> bool:
    """`start -a`/`-i` (alone or in a cluster such as `-ai`): docker starts one container and returns its error."""
    for flag in flags(tail):
        name, _, value = flag.partition("=")
        if name in ("--attach", "--interactive") and value != "false":
            return True
        if not name.startswith("--") and ("a" in name or "i" in name):
            return True
    return False


def _start(tail: list[str], done: Done) -> Done:
    """docker ends a failed start with the list of containers it could not start (not when attaching)."""
    failed = failed_names(done, positionals(tail, ("--detach-keys",)))
    if not failed or _attaching(tail):
        return done
    return Done(done.code, done.stdout, done.stderr.rstrip("\n") + f"\nError: failed to start containers: "
                f"{', '.join(failed)}")


def _kill_errors(tail: list[str], done: Done) -> Done:
    daemon, missing = "Error response from daemon: ", "No such container: "

    def keep(line: str) -> str:
        if not line.startswith(daemon + missing):
            return line
        name = line[len(daemon + missing):]
        return cannot_kill(name, line)
    return Done(done.code, done.stdout, _lines(done, keep))


def _port(tail: list[str], done: Done) -> Done:
    args = positionals(tail, ())
    if "no public port" in done.stderr and len(args) == 2:
        return Done(done.code, done.stdout, f"Error: No public port '{args[1]}' published for {args[0]}")
    port = args[1].partition("/")[0] if len(args) == 2 else ""
    if f'strconv.Atoi: parsing "{port}": invalid syntax' in done.stderr:  # docker's client parses the port
        return Done(done.code, done.stdout,
                    f'Error: invalid port ({port}): strconv.ParseUint: parsing "{port}": invalid syntax')
    return done


def _login(tail: list[str], done: Done) -> Done:
    """A refused login in docker's words (nerdctl reports its retry loop instead)."""
    if done.code == 0 or "401" not in done.stderr:
        return done
    from shim import reference

    server = _server(tail).removeprefix("http://").removeprefix("https://").rstrip("/")
    scheme = "http" if reference.is_local_registry(server) else "https"
    kept = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    return Done(done.code, done.stdout, "\n".join([
        *kept, f"Error response from daemon: login attempt to {scheme}://{server}/v2/ failed with status: "
               "401 Unauthorized"]))


def _server(tail: list[str]) -> str:
    args = positionals(tail, ("-u", "--username", "-p", "--password"))
    return args[0] if args else "https://index.docker.io/v1/"


# nerdctl's cp complaints → docker's (the client's own checks, or the daemon's lookup of the path)
_CP_CLIENT = {"one of src or dest must be a container file specification": "must specify at least one container source",
              "one of src or dest must be a local file specification": "copying between containers is not supported"}


def _cp(tail: list[str], done: Done) -> Done:
    args = positionals(tail, ())
    for nerdctl_says, docker_says in _CP_CLIENT.items():
        if nerdctl_says in done.stderr:
            return Done(done.code, done.stdout, docker_says)
    if len(args) != 2:
        return done
    source, target = (_cp_side(a) for a in args)
    if "source does not exist" in done.stderr and source[0]:
        return Done(done.code, done.stdout, _cp_not_found(*source))
    if "source does not exist" in done.stderr:  # docker's client stats the local file itself
        import os

        return Done(done.code, done.stdout, f"lstat {os.path.abspath(source[1])}: no such file or directory")
    if "destination parent does not exist" in done.stderr and target[0]:
        import posixpath

        return Done(done.code, done.stdout, _cp_not_found(target[0], posixpath.dirname(target[1])))
    return done


def _cp_side(arg: str) -> tuple[str, str]:
    """(container, path) of one of cp's arguments, container "" for a local path (docker's splitCpArg)."""
    if arg.startswith(("/", ".")) or ":" not in arg:
        return "", arg
    container, _, path = arg.partition(":")
    return container, path


def _cp_not_found(container: str, path: str) -> str:
    return f"Error response from daemon: Could not find the file {path} in container {container}"


def _rename(tail: list[str], done: Done) -> Done:
    """docker's client adds this line to every failed rename; the daemon says when the new name was refused,
    a name it reads with its leading slash."""
    args = positionals(tail, ())
    if done.code == 0 or not args or not done.stderr.startswith("Error response from daemon: "):
        return done

    def allocating(line: str) -> str:
        head, _, rest = line.partition("Error response from daemon: ")
        if rest.startswith("Invalid container name ("):
            rest = rest.replace("Invalid container name (", "Invalid container name (/", 1)
        if rest.startswith(("Conflict. The container name", "Invalid container name")):
            return f"{head}Error response from daemon: Error when allocating new name: {rest}"
        return line
    tail_line = f"Error: failed to rename container named {args[0]}"
    return Done(done.code, done.stdout, _lines(done, allocating).rstrip("\n") + "\n" + tail_line)


def _missing_volume(line: str) -> str:
    """The name in nerdctl's `volume "NAME": not found` warning, or ""."""
    if line.startswith('WARNING: volume "') and line.endswith('": not found'):
        return line.split('"')[1]
    return ""


def _volume_rm(tail: list[str], done: Done) -> Done:
    lines = done.stderr.splitlines()
    if any(f.split("=")[0] in ("-f", "--force") and not f.endswith("=false") for f in flags(tail)):
        # `volume rm -f` of a missing volume is no error to docker, which echoes its name as if removed
        missing = [name for line in lines if (name := _missing_volume(line))]
        if not missing:
            return done
        kept = [line for line in lines
                if not _missing_volume(line) and not line.endswith("some volumes could not be removed")]
        return Done(done.code if kept else 0, done.stdout + "".join(f"{n}\n" for n in missing), "\n".join(kept))

    def keep(line: str) -> str | None:
        if _missing_volume(line):
            return f"Error response from daemon: get {_missing_volume(line)}: no such volume"
        return None if line.endswith("some volumes could not be removed") else line
    return Done(done.code, done.stdout, _lines(done, keep))


def _network_rm(tail: list[str], done: Done) -> Done:
    marker = "no network found matching: "

    def keep(line: str) -> str | None:
        if marker in line:
            return f"Error response from daemon: network {line.split(marker, 1)[1]} not found"
        return None if line.endswith("no network could be removed") else line
    if marker not in done.stderr:
        return done
    # nerdctl exits 0 when some networks were removed; docker 1, and its CLI adds this line (sic)
    return Done(1, done.stdout, in_argument_order(_lines(done, keep), positionals(tail, ())) + "\nexit status 1")


def _top(tail: list[str], done: Done) -> Done:
    """The engine runs the host's ps and says so when ps refuses its options."""
    ps_error = "Error response from daemon: error: "
    return Done(done.code, done.stdout, _lines(
        done, lambda line: line.replace(ps_error, "Error response from daemon: ps: error: ", 1)))


ERRORS: dict[str, Callable[[list[str], Done], Done]] = {
    "start": _start, "container start": _start, "kill": _kill_errors, "container kill": _kill_errors,
    "port": _port, "container port": _port, "login": _login, "cp": _cp, "container cp": _cp,
    "volume rm": _volume_rm, "network rm": _network_rm, "rename": _rename, "container rename": _rename,
    "top": _top, "container top": _top,
}


# --- captured output --------------------------------------------------------------------------------
def _logout(result: Result, tail: list[str], done: Done) -> Done:
    """docker says whose credentials it removed."""
    out = result.stdout.decode(errors="replace")
    if result.code == 0 and not out:
        out = f"Removing login credentials for {_server(tail)}\n"
    return Done(done.code, out, done.stderr)


def _volume_table(result: Result, tail: list[str], done: Done) -> Done:
    """docker's `volume ls` table: DRIVER and VOLUME NAME (nerdctl shows the folder instead)."""
    if result.code != 0:
        return done
    import json

    from shim.output.tabwriter import align

    rows = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
    text = "DRIVER\tVOLUME NAME\n" + "".join(f"{r.get('Driver', 'local')}\t{r.get('Name', '')}\n" for r in rows)
    return Done(0, align(text), done.stderr)


def _format_value(tail: list[str]) -> str:
    """The last --format given (pflag: the last one wins), "" for none."""
    value = ""
    for i, arg in enumerate(tail):
        if arg == "--":
            break
        if arg == "--format" and i + 1 < len(tail):
            value = tail[i + 1]
        elif arg.startswith("--format="):
            value = arg.partition("=")[2]
    return value


def _without_format(tail: list[str]) -> list[str]:
    out, skip = [], False
    for arg in tail:
        if skip:
            skip = False
        elif arg == "--format":
            skip = True
        elif not arg.startswith("--format="):
            out.append(arg)
    return out


def _no_stream(tail: list[str]) -> bool:
    from shim.values import parse_bool

    given = [f for f in flags(tail) if f.split("=")[0] == "--no-stream"]
    return bool(given) and (given[-1] == "--no-stream" or parse_bool(given[-1].partition("=")[2]) is True)


def _stats(result: Result, tail: list[str], done: Done) -> Done:
    """docker's `stats --no-stream` table, templates (with .Container) and JSON, from nerdctl's JSON rows."""
    if result.code != 0:
        return done
    import json

    from shim.errors import DockerError
    from shim.output import stats

    rows = [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]
    asked = positionals(tail, ("--format",))
    try:
        text = stats.render(_format_value(tail), stats.contexts(rows, asked, trunc="--no-trunc" not in flags(tail)))
    except DockerError as e:
        return Done(1, "", e.message)
    return Done(0, text, done.stderr)


def _diff(result: Result, tail: list[str], done: Done) -> Done:
    """docker's change list: without the runtime's own files, parents of deletions, in path order."""
    if result.code != 0:
        return done
    from shim.backends.nerdctl.diff import docker_changes

    return Done(0, docker_changes(result.stdout.decode(errors="replace")), done.stderr)


def backend_tail(path: str, tail: list[str]) -> list[str]:
    """The arguments nerdctl gets: the user's, less what pydock renders itself."""
    if path in ("stats", "container stats") and _no_stream(tail):
        return _without_format(tail)
    return tail


def _updated_names(result: Result, tail: list[str], done: Done) -> Done:
    """docker names each container it updated; nerdctl prints nothing."""
    if result.code != 0:
        return done
    names = positionals(tail, ())
    return Done(done.code, "".join(f"{n}\n" for n in names), done.stderr)


def _port_lines(result: Result, tail: list[str], done: Done) -> Done:
    """docker sorts `port`'s lines in natural order (80/tcp before 7000/udp); nerdctl keeps its own."""
    lines = result.stdout.decode(errors="replace").splitlines()
    return Done(done.code, "".join(f"{line}\n" for line in sorted(lines, key=natural_key)), done.stderr)




def listing_output(result: Result, formatted: bool, done: Done, names: list[str]) -> Done:
    """nerdctl's volume and network inspect: docker prints `[]` (with --format, an empty line) when it finds
    none of the names, where nerdctl prints nothing or `[]` and a blank line; and no blank line after the JSON."""
    out = result.stdout.decode(errors="replace").rstrip("\n")
    if out.strip() in ("", "[]"):
        out = "" if formatted else "[]"
    # nerdctl exits 0 when it found some of the networks; docker 1 when any is missing
    missing = "Error response from daemon: " in done.stderr
    return Done(done.code or int(missing), out + "\n", in_argument_order(done.stderr, names))


def _inspect_listing(result: Result, tail: list[str], done: Done) -> Done:
    formatted = any(f.split("=")[0] in ("-f", "--format") for f in flags(tail))
    return listing_output(result, formatted, done, positionals(tail, ("-f", "--format")))


def output_rewrite(path: str, tail: list[str], prefix: list[str] | None = None) -> tuple[list[str], Callable | None]:
    """(extra nerdctl flags, rewrite of the captured result) for commands whose stdout must change;
    prefix is the nerdctl command's global part, for follow-up commands."""
    if path in ("stats", "container stats") and _no_stream(tail):
        # nerdctl cuts names to 12 characters without --no-trunc; docker never does (pydock cuts the ID)
        return ["--format={{json .}}", "--no-trunc"], _stats
    if path in ("diff", "container diff"):
        return [], _diff
    if path == "logout":
        return [], _logout
    if path in ("volume inspect", "network inspect"):
        return [], _inspect_listing
    if path in ("port", "container port"):
        return [], _port_lines
    if path in ("update", "container update"):
        return [], _updated_names
    if path in ("volume ls", "volume list") and not any(
            f.split("=")[0] in ("-q", "--quiet", "--format") for f in flags(tail)):
        return ["--format={{json .}}"], _volume_table
    return [], None
