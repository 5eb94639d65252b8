"""Differential scenarios: `docker build` and docker's builder commands, with docker's buildx plugin (rules:
tests/compat/scenarios.py).

Every snippet starts with `export DOCKER_CONFIG=$WITH_PLUGINS`: the reference docker then builds with buildx
v0.38.2 on the engine's BuildKit, as a current docker does; on pydock's side it is only an empty config folder.
Builds are `FROM busybox` (local on both sides). What must differ is left out in the snippet itself, since the
normaliser knows nothing of BuildKit: step timings (`0.123 `), step numbers (`#5 `), and the port of the
snippet's own loopback server (`$PORT`, which names a file server over the snippet's folder `srv`).
Each engine's BuildKit keeps a cache history of its own, so prune scenarios print what a script can count on:
the table's header, that every row is reclaimable, the `Total:` line, and an empty second prune.
"""

from __future__ import annotations

from tests.compat.scenario import Scenario

PLUGINS = "export DOCKER_CONFIG=$WITH_PLUGINS"
EXIT = 'echo "exit $?"'
# A Dockerfile and files in ./ctx: `ctx 'DOCKERFILE' [NAME TEXT]...` (printf escapes in DOCKERFILE).
CTX = r"""ctx() { mkdir -p ctx; printf "$1" > ctx/Dockerfile; shift
  while [ $# -gt 1 ]; do mkdir -p "ctx/$(dirname "$1")"; printf '%s\n' "$2" > "ctx/$1"; shift 2; done; }"""
# A file server on a free loopback port over ./srv, its port in $PORT; `stop_server` ends it.
SERVE = r"""mkdir -p srv
python3 -c 'import functools, http.server, os; h = functools.partial(http.server.SimpleHTTPRequestHandler, directory="srv"); s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h); open("port.tmp", "w").write(str(s.server_address[1])); os.rename("port.tmp", "port"); s.serve_forever()' 2>/dev/null &
SERVER=$!
for i in $(seq 50); do [ -s port ] && break; sleep 0.1; done
PORT=$(cat port)
stop_server() { kill $SERVER; wait $SERVER 2>/dev/null; true; }"""
# A git repository served over dumb HTTP at http://127.0.0.1:$PORT/repo.git: branch main (which.txt: main,
# a folder sub/ with a Dockerfile of its own) and branch other, tagged v1 (which.txt: other).
REPO = r"""g() { git -c user.email=cmp@pydock -c user.name=cmp -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
mkdir -p work/sub && cd work
printf 'FROM busybox\nCOPY . /ctx/\n' > Dockerfile; echo main > which.txt
printf 'FROM busybox\nCOPY in-sub.txt /in-sub.txt\n' > sub/Dockerfile; echo sub > sub/in-sub.txt
g init . && g add -A && g commit -m main && g checkout -b other && echo other > which.txt && g commit -am other
g tag v1 && g checkout main && cd .. && g clone --bare work srv/repo.git && g -C srv/repo.git update-server-info"""
# The failing step's block of BuildKit's plain progress, timings and step numbers left out.
FAILED_BLOCK = r"""sed -n '/^------$/,$p' err | sed -E 's/^[0-9]+\.[0-9]+ //'"""


def _lines(*commands: str) -> str:
    return "\n".join((PLUGINS, *commands))


BUILD: tuple[Scenario, ...] = (
    Scenario("build-run-copy-arg", _lines(
        CTX, r"""ctx 'FROM busybox\nARG GREETING=default\nCOPY hello.txt /hello.txt\nRUN echo "$GREETING" > /greeting\n' hello.txt copied""",
        "docker build -q -t cmp-build-rca --build-arg GREETING=from-arg ctx >/dev/null", EXIT,
        "docker run --rm cmp-build-rca cat /hello.txt /greeting", "docker rmi cmp-build-rca >/dev/null"),
             "a RUN, a COPY and an ARG; the image then runs"),
    Scenario("build-quiet-prints-the-image-id", _lines(
        CTX, r"ctx 'FROM busybox\nRUN echo quiet > /q\n'",
        "docker build -q -t cmp-build-q ctx > id", EXIT, "cat id",
        "[ \"$(cat id)\" = \"$(docker images -q --no-trunc cmp-build-q)\" ] && echo 'the ID docker images shows'",
        "docker rmi cmp-build-q >/dev/null"),
             "`-q` prints one line, `sha256:` and the ID `docker images` shows, nothing on stderr"),
    Scenario("build-iidfile", _lines(
        CTX, r"ctx 'FROM busybox\nLABEL purpose=iidfile\n'",
        "docker build --iidfile out/iid -t cmp-build-iid ctx >/dev/null 2>&1", EXIT,
        "cat out/iid; echo", "[ \"$(cat out/iid)\" = \"$(docker images -q --no-trunc cmp-build-iid)\" ] && echo same",
        "docker image inspect -f '{{.Config.Labels.purpose}}' cmp-build-iid", "docker rmi cmp-build-iid >/dev/null"),
             "--iidfile holds the image ID without a newline, in a folder buildx makes"),
    Scenario("build-failing-run", _lines(
        CTX, r"ctx 'FROM busybox\nRUN echo about to fail && exit 3\n'",
        "docker build --progress=plain -t cmp-build-fail ctx 2>err", EXIT, FAILED_BLOCK,
        "docker images -q cmp-build-fail | wc -l"),
             "exit 1 and buildx's error block: the step's output, the Dockerfile excerpt, `ERROR: failed to build`"),
    Scenario("build-failing-run-quiet", _lines(
        CTX, r"ctx 'FROM busybox\nRUN false\n'",
        "docker build -q ctx", EXIT),
             "-q keeps the failure block on stderr"),
    Scenario("build-missing-dockerfile", _lines(
        "mkdir empty", "docker build -q empty", EXIT)),
    Scenario("build-missing-context", _lines("docker build -q cmp-no-such-folder", EXIT)),
    Scenario("build-second-is-cached", _lines(
        CTX, r"ctx 'FROM busybox\nRUN echo cached-step > /c\n'",
        "docker build --progress=plain -t cmp-build-cache ctx 2>/dev/null", EXIT,
        "docker build --progress=plain -t cmp-build-cache ctx 2>err", EXIT,
        r"grep -A1 '\] RUN echo cached-step' err | tail -n 1 | sed -E 's/^#[0-9]+ //'",
        "docker rmi cmp-build-cache >/dev/null"),
             "an unchanged context: the RUN step reads CACHED"),
    Scenario("build-target-and-tags", _lines(
        CTX, r"ctx 'FROM busybox AS one\nRUN echo one > /stage\nFROM busybox AS two\nRUN echo two > /stage\n'",
        "docker build -q --target one -t cmp-build-t1 -t cmp-build-t2:v2 ctx >/dev/null", EXIT,
        "docker run --rm cmp-build-t1 cat /stage", "docker run --rm cmp-build-t2:v2 cat /stage",
        "docker rmi cmp-build-t1 cmp-build-t2:v2 >/dev/null")),
    Scenario("build-dockerignore", _lines(
        CTX, r"ctx 'FROM busybox\nCOPY . /ctx/\n' .dockerignore secret.txt secret.txt no kept.txt yes",
        "docker build -q -t cmp-build-ign ctx >/dev/null", EXIT, "docker run --rm cmp-build-ign ls -A /ctx",
        "docker rmi cmp-build-ign >/dev/null")),
    Scenario("build-dockerfile-on-stdin", _lines(
        CTX, r"ctx 'unused\n' f.txt from-the-context",
        r"printf 'FROM busybox\nCOPY f.txt /f.txt\n' | docker build -q -t cmp-build-fstdin -f - ctx >/dev/null",
        EXIT, "docker run --rm cmp-build-fstdin cat /f.txt", "docker rmi cmp-build-fstdin >/dev/null")),
    Scenario("build-stdin-dockerfile-no-context", _lines(
        r"printf 'FROM busybox\nRUN echo bare > /b\n' | docker build -q -t cmp-build-bare - >/dev/null", EXIT,
        "docker run --rm cmp-build-bare cat /b", "docker rmi cmp-build-bare >/dev/null")),
    Scenario("build-stdin-context-archive", _lines(
        CTX, r"ctx 'FROM busybox\nCOPY data /data\n' data from-the-archive other/Dockerfile 'FROM busybox'",
        "tar -C ctx -czf ctx.tar.gz .",
        "docker build -q -t cmp-build-tar - < ctx.tar.gz >/dev/null", EXIT, "docker run --rm cmp-build-tar cat /data",
        "docker build -q -t cmp-build-tar2 -f other/Dockerfile - < ctx.tar.gz >/dev/null", EXIT,
        "docker run --rm cmp-build-tar2 ls /data", EXIT, "docker rmi cmp-build-tar cmp-build-tar2 >/dev/null"),
             "a context archive on stdin (gzip), its own Dockerfile or the one -f names inside it"),
    Scenario("build-archive-file-is-no-context", _lines(
        CTX, r"ctx 'FROM busybox\n'", "tar -C ctx -cf ctx.tar .", "docker build -q ctx.tar", EXIT),
             "a tar file as PATH: docker wants a folder (or the archive on stdin)"),
    Scenario("build-stdin-both", _lines(
        "echo 'FROM busybox' | docker build -f - -", EXIT)),
    Scenario("build-archive-outputs", _lines(
        CTX, r"ctx 'FROM scratch\nCOPY f /f\n' f archived",
        "docker build -q -o type=tar ctx > t.tar", EXIT, "tar -xOf t.tar f",
        "docker build -q -o type=oci ctx > o.tar", EXIT, "tar -tf o.tar | grep -cx -e index.json -e oci-layout",
        r"tail -c 1024 o.tar | tr -d '\000' | wc -c",
        "docker build -q --iidfile iid -o type=docker,dest=d.tar ctx > id", EXIT,
        """python3 -c 'import json, tarfile; t = tarfile.open("d.tar"); m = json.load(t.extractfile("index.json"))["manifests"][0]["digest"]; c = json.load(t.extractfile("blobs/sha256/" + m[7:]))["config"]["digest"]; print("-q:", open("id").read() == c + "\\n", "iidfile:", open("iid").read() == c)'""",
        "docker build -o type=docker,tar=false,dest=dir ctx", EXIT, "docker build -o dest=x,tar=false ctx", EXIT),
             "tar and oci archives without dest on stdout, nothing after them; -q and --iidfile of a docker archive: "
             "its config digest; a docker folder and an output without a type refused"),
)

REMOTE: tuple[Scenario, ...] = (
    Scenario("build-git-url", _lines(
        REPO, SERVE,
        "docker build -q -t cmp-build-git http://127.0.0.1:$PORT/repo.git >/dev/null", EXIT,
        "docker run --rm cmp-build-git sh -c 'ls -A /ctx; cat /ctx/which.txt'",
        "docker build -q -t cmp-build-git-tag http://127.0.0.1:$PORT/repo.git#v1 >/dev/null", EXIT,
        "docker run --rm cmp-build-git-tag cat /ctx/which.txt",
        "docker build -q -t cmp-build-git-sub http://127.0.0.1:$PORT/repo.git#other:sub >/dev/null", EXIT,
        "docker run --rm cmp-build-git-sub cat /in-sub.txt",
        "docker rmi cmp-build-git cmp-build-git-tag cmp-build-git-sub >/dev/null", "stop_server"),
             "a git repository over dumb HTTP on loopback: the default branch (no .git in the context), a tag, "
             "a branch's folder"),
    Scenario("build-git-url-keep-git-dir", _lines(
        REPO, SERVE,
        "docker build -q -t cmp-build-gitdir --build-arg BUILDKIT_CONTEXT_KEEP_GIT_DIR=1 "
        "http://127.0.0.1:$PORT/repo.git >/dev/null", EXIT,
        "docker run --rm cmp-build-gitdir sh -c 'test -d /ctx/.git && echo kept'",
        "docker rmi cmp-build-gitdir >/dev/null", "stop_server")),
    Scenario("build-git-url-dockerfile-on-stdin", _lines(
        REPO, SERVE,
        r"printf 'FROM busybox\nCOPY which.txt /w\n' | docker build -q -f - -t cmp-build-gitf "
        "http://127.0.0.1:$PORT/repo.git >/dev/null", EXIT, "docker run --rm cmp-build-gitf cat /w",
        "docker rmi cmp-build-gitf >/dev/null", "stop_server"),
             "the repository is the context, the Dockerfile comes from stdin"),
    Scenario("build-git-url-missing", _lines(
        REPO, SERVE,
        "docker build -q http://127.0.0.1:$PORT/nope.git 2>&1 | sed \"s/$PORT/PORT/g\"", "stop_server"),
             "a repository the server does not have: git's own error inside buildx's"),
    Scenario("build-git-url-missing-ref", _lines(
        REPO, SERVE,
        "docker build -q http://127.0.0.1:$PORT/repo.git#no-such-ref 2>&1 | sed \"s/$PORT/PORT/g\"", "stop_server")),
    Scenario("build-http-archive-and-dockerfile", _lines(
        CTX, SERVE, r"ctx 'FROM busybox\nCOPY data /data\n' data from-the-remote-archive",
        "tar -C ctx -czf srv/ctx.tar.gz .", r"printf 'FROM busybox\nRUN echo from-url > /u\n' > srv/Dockerfile.remote",
        "docker build -q -t cmp-build-url http://127.0.0.1:$PORT/ctx.tar.gz >/dev/null", EXIT,
        "docker run --rm cmp-build-url cat /data",
        "docker build -q -t cmp-build-url2 http://127.0.0.1:$PORT/Dockerfile.remote >/dev/null", EXIT,
        "docker run --rm cmp-build-url2 cat /u", "docker rmi cmp-build-url cmp-build-url2 >/dev/null", "stop_server"),
             "an HTTP URL: a context archive, or the Dockerfile itself"),
    Scenario("build-http-missing", _lines(
        SERVE, "docker build -q http://127.0.0.1:$PORT/missing.tar.gz 2>&1 | sed \"s/$PORT/PORT/g\"", "stop_server")),
)

BUILDERS: tuple[Scenario, ...] = (
    Scenario("builder-prune-report", _lines(
        CTX, r"ctx 'FROM busybox\nRUN echo prune-me > /p\n'", "docker build -q -t cmp-builder-prune ctx >/dev/null",
        "docker rmi cmp-builder-prune >/dev/null",
        "docker builder prune -af > out", EXIT, "head -n 1 out | cat -A",
        "sed '1d;$d' out | grep -vcE '^[a-z0-9]{25}\\*? +\ttrue \t' ", "tail -n 1 out | sed -E 's/[0-9.]+[kMG]?B$/<size>/'",
        "docker builder prune -af | cat -A", EXIT),
             "`builder prune` is buildx's with the plugin: a row per record (all reclaimable), `Total:`; "
             "then nothing is left"),
    Scenario("builder-prune-question", _lines(
        "echo n | docker builder prune", EXIT, "echo; echo n | docker builder prune -a", EXIT,
        "echo; echo n | docker buildx prune --filter until=1h", EXIT)),
    Scenario("builder-prune-filters", _lines(
        "docker builder prune -f --filter until=240h", EXIT, "docker builder prune -f --keep-storage 1GB", EXIT,
        "docker builder prune -f --filter until=soon", EXIT,
        "docker builder prune -f --filter until=1h --filter unused-for=2h", EXIT,
        "docker builder prune -f --filter until=1h --filter until=2h", EXIT,
        "docker buildx prune -f --filter nofilter", EXIT,
        "docker buildx prune x", EXIT, "docker buildx prune -f --builder cmp-nope", EXIT)),
    Scenario("builder-prune-usage-errors", _lines(
        "docker builder prune -f --filter nofilter", EXIT, "docker builder prune x", EXIT),
             "with the buildx plugin docker hands `builder` to `buildx`, so usage errors name `docker buildx prune`"),
    Scenario("buildx-ls", _lines(
        CTX, r"ctx 'FROM busybox\n'", "docker build -q ctx >/dev/null",
        "docker buildx ls | sed -E 's/v0\\.[0-9]+\\.[0-9]+ /<buildkit> /; s/linux\\/amd64.*$/<platforms>/'", EXIT,
        "docker buildx ls --format '{{.Name}}|{{.DriverEndpoint}}|{{.Status}}|{{.LastActivity}}|{{.Error}}'",
        "docker buildx ls --format json | python3 -c 'import json, sys; b = json.load(sys.stdin); n = b[\"Nodes\"][0]; "
        "print(sorted(b), b[\"Name\"], b[\"Driver\"], b[\"Current\"], b[\"LastActivity\"]); "
        "print(sorted(n), n[\"Name\"], n[\"Endpoint\"], n[\"Status\"], n[\"Platforms\"][0])'",
        "docker buildx ls extra", EXIT, "docker buildx ls --bogus", EXIT),
             "the one builder, `default` with the docker driver, running, last active at the build just made; its "
             "BuildKit version and platforms are each engine's own"),
    Scenario("buildx-flags-before-the-command", _lines(
        "docker buildx --builder cmp-nope prune -f", EXIT, "docker buildx -D version | cut -d' ' -f1", EXIT,
        "docker buildx --builder cmp-nope ls | head -n 1", "docker buildx --builder=default inspect | head -n 2 | cut -d: -f1"),
             "buildx's --builder and -D given before its command"),
    Scenario("buildx-inspect", _lines(
        CTX, r"ctx 'FROM busybox\n'", "docker build -q ctx >/dev/null",
        "docker buildx inspect | sed -n '1,/^Status:/p'", EXIT,
        "docker buildx inspect | grep -E '^(BuildKit version|Platforms|Labels):' | cut -d: -f1",
        "docker buildx inspect cmp-nope", EXIT)),
    Scenario("buildx-version-and-help", _lines(
        "docker buildx version | cut -d' ' -f1", EXIT, "docker buildx version x", EXIT,
        "docker buildx ls --help", EXIT, "docker buildx prune --help", EXIT,
        "docker buildx frobnicate 2>&1 >/dev/null", EXIT),
             "buildx's version line names buildx; help of the commands pydock answers; an unknown command"),
)

SCENARIOS: tuple[Scenario, ...] = BUILD + REMOTE + BUILDERS
