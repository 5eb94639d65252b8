"""Differential scenarios: `docker compose` (the v2 plugin; on the docker side Docker Compose v5.5.0 from
tests/stack/reference-plugins.sh) against `pydock compose` (rules: tests/compat/scenarios.py).

Each scenario writes its compose file into its empty working directory, whose name (`work`) is the project's
on both sides, and ends with `down -v` so no network or volume outlives it. Progress lines go to stderr in an
order compose's concurrency decides: scenarios compare them sorted and without repeats. (`logs` of several
containers is not compared: docker compose pads each name to the longest name registered when the line is
printed, which depends on timing.) The services stop on
SIGKILL (a shell as PID 1 ignores SIGTERM, and each stop would wait out its ten seconds).
"""

from __future__ import annotations

from tests.compat.scenario import Scenario

EXIT = 'echo "exit $?"'
PLUGINS = "export DOCKER_CONFIG=$WITH_PLUGINS"
TWO_SERVICES = """cat > compose.yaml <<'EOF'
services:
  web:
    image: busybox
    command: ["sh", "-c", "echo web up; sleep 300"]
    stop_signal: SIGKILL
    depends_on: [db]
    volumes: [data:/data]
    networks: [back]
  db:
    image: busybox
    command: ["sh", "-c", "echo db up; sleep 300"]
    stop_signal: SIGKILL
    networks: [back]
networks:
  back: {}
volumes:
  data: {}
EOF"""
UP = "docker compose up -d 2>&1 | sort -u"
DOWN = "docker compose down -v 2>&1 | sort -u"


def _lines(*commands: str) -> str:
    return "\n".join((PLUGINS, *commands))


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("compose-up-ps-down", _lines(
        TWO_SERVICES, UP, EXIT, "docker compose ps", "docker compose ps --services", "docker compose ps -q | wc -l",
        "docker compose ps --format '{{.Name}} {{.Service}} {{.State}} {{.Image}} {{.Command}} {{.Project}}'",
        DOWN, "docker compose ps -a", "docker volume ls -q -f name=work_", "docker network ls -q -f name=work_")),
    Scenario("compose-labels-and-names", _lines(
        TWO_SERVICES, UP,
        "docker ps --filter label=com.docker.compose.project=work --format '{{.Names}} "
        "{{.Label \"com.docker.compose.service\"}} {{.Label \"com.docker.compose.container-number\"}} "
        "{{.Label \"com.docker.compose.oneoff\"}} {{.Label \"com.docker.compose.project.working_dir\"}} "
        "{{.Label \"com.docker.compose.project.config_files\"}}' | sort", DOWN),
             "docker compose's labels scripts and tools filter on"),
    Scenario("compose-exec-codes", _lines(
        TWO_SERVICES, UP, "docker compose exec -T web sh -c 'echo out; echo err >&2; exit 3'", EXIT,
        "docker compose exec -T web sh -c 'echo kept > /data/f; cat /data/f'",
        "docker compose exec -T nosuch true", EXIT, "docker compose exec -T web ping -c 1 -W 2 db >/dev/null", EXIT,
        DOWN)),
    Scenario("compose-run-rm", _lines(
        TWO_SERVICES, "docker compose run --rm db sh -c 'echo out; exit 7' 2>/dev/null", EXIT,
        "docker ps -a --filter label=com.docker.compose.project=work --filter label=com.docker.compose.oneoff=True -q",
        DOWN)),
    Scenario("compose-config", _lines(TWO_SERVICES, "docker compose config", EXIT,
                                      "docker compose config --services", "docker compose config -q", EXIT)),
    Scenario("compose-errors", _lines(
        "docker compose ps", EXIT, "docker compose -f nope.yml ps", EXIT, TWO_SERVICES,
        "docker compose ps --bogus", EXIT, "docker compose logs nosuch", EXIT, "docker compose up --pull bogus -d",
        EXIT, "docker compose exec web", EXIT, "docker compose ps --filter foo=bar", EXIT)),
    Scenario("compose-version", _lines("docker compose version --short", "docker compose version --format json",
                                       "docker compose version")),
    Scenario("compose-stop-start-ps-all", _lines(
        TWO_SERVICES, UP, "docker compose stop web 2>&1 | sort -u",
        "docker compose ps -a --format '{{.Service}} {{.State}}'", "docker compose ps --format '{{.Service}}'",
        "docker compose ps --status exited --format '{{.Service}}'", "docker compose start web 2>&1 | sort -u",
        "docker compose ps --format '{{.Service}} {{.State}}'", DOWN)),
    Scenario("compose-logs", _lines(
        TWO_SERVICES, UP, "sleep 1", "docker compose logs db",
        "docker compose logs --no-log-prefix web", "docker compose logs --tail 1 web", "docker compose logs nosuch",
        EXIT, DOWN)),
    Scenario("compose-images-top-port", _lines(
        TWO_SERVICES, UP, "docker compose images", "docker compose images -q", "docker compose images db",
        "docker compose top | awk '{print $1, $2, $3, $NF}'", "docker compose top db | wc -l",
        "docker compose port web 80", EXIT, DOWN),
             "PIDs differ by nature: top prints service, number, user and command"),
    Scenario("compose-recreate", _lines(
        TWO_SERVICES, UP, "docker compose up -d 2>&1 | sort -u", "docker compose up -d --force-recreate 2>&1 | sort -u",
        "docker compose ps --format '{{.Service}} {{.State}}'", DOWN)),
    Scenario("compose-pull-push-build", _lines(
        "mkdir app && printf 'FROM busybox\\nRUN echo built > /built\\n' > app/Dockerfile",
        "cat > compose.yaml <<'EOF'",
        "services:",
        "  remote:",
        "    image: 127.0.0.1:5000/pydock-compat/busybox:latest",
        "    command: [\"true\"]",
        "  app:",
        "    build: ./app",
        "    image: 127.0.0.1:5000/pydock-compat/cmp-compose-app:1",
        "    command: [\"cat\", \"/built\"]",
        "EOF",
        "docker compose pull remote 2>&1 | sort -u", EXIT, "docker compose build app >/dev/null 2>&1", EXIT,
        "docker compose run --rm app 2>/dev/null", "docker compose push app >/dev/null 2>&1", EXIT,
        "docker compose down --rmi all 2>&1 | sort -u")),
    Scenario("compose-ls", _lines(
        TWO_SERVICES, UP, "docker compose ls --filter name=work", "docker compose ls -q --filter name=^work$",
        "docker compose ls --format json --filter name=work", "docker compose stop web >/dev/null 2>&1",
        "docker compose ls --filter name=work", "docker compose ls -a --filter name=work",
        "docker compose ls --filter bogus=1", EXIT, DOWN, "docker compose ls -a --filter name=work")),
    Scenario("compose-profiles-env-file", _lines(
        "cat > compose.yaml <<'EOF'", "services:", "  base:", "    image: busybox",
        "    command: [\"sh\", \"-c\", \"echo $$GREETING; sleep 300\"]", "    environment:",
        "      GREETING: ${GREETING:-unset}", "    stop_signal: SIGKILL", "  extra:", "    image: busybox",
        "    command: [\"sleep\", \"300\"]", "    profiles: [debug]", "    stop_signal: SIGKILL", "EOF",
        "printf 'GREETING=from-env-file\\nCOMPOSE_PROJECT_NAME=cmp-envproj\\n' > custom.env",
        "docker compose --env-file custom.env up -d 2>&1 | sort -u",
        "docker compose --env-file custom.env ps --format '{{.Project}} {{.Service}}'",
        "docker compose --env-file custom.env --profile debug up -d 2>&1 | sort -u",
        "docker compose --env-file custom.env ps --format '{{.Service}}'",
        "docker compose --env-file custom.env exec -T base sh -c 'echo $GREETING'",
        "docker compose --env-file custom.env --profile debug down 2>&1 | sort -u")),
    Scenario("compose-project-name-flag", _lines(
        TWO_SERVICES, "docker compose -p cmp-proj up -d db 2>&1 | sort -u",
        "docker ps --filter label=com.docker.compose.project=cmp-proj --format '{{.Names}}'",
        "docker compose -p cmp-proj down -v 2>&1 | sort -u")),
)
