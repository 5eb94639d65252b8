#!/usr/bin/env bash
# docker CLI plugins for the reference Engine 29: buildx (what `docker build` is on a current docker) and
# Docker Compose v2+ (`docker compose`), built from the Go module proxy. They live in a docker config folder
# of their own, so only commands run with DOCKER_CONFIG=$CONFIG see them: the parity tests of docker CLI
# 28.2.2's own command tree (help without plugins) are untouched.
#
#   reference-plugins.sh build    build both if missing or of another version
#   reference-plugins.sh config   print the config folder (DOCKER_CONFIG) that holds them
#
# Use: DOCKER_CONFIG=$(tests/stack/reference-plugins.sh config) DOCKER_HOST=unix:///run/pydock-ref29/docker.sock
#      docker compose ...
# Idempotent, like provision.sh.
set -euo pipefail

BUILDX_VERSION=v0.38.2
BUILDX_STAMP=$BUILDX_VERSION-stamped  # built with its version linked in (compose's build checks it)
COMPOSE_VERSION=v5.5.0
CONFIG=${PYDOCK_REFERENCE_CONFIG:-/var/lib/pydock-stack/reference-docker-config}
PLUGINS=$CONFIG/cli-plugins
LOG=/var/log/pydock-stack

say() { printf 'reference-plugins: %s\n' "$*" >&2; }

stamped() { [ -x "$PLUGINS/$1" ] && [ "$(cat "$PLUGINS/.$1-version" 2>/dev/null)" = "$2" ]; }

build() {
  mkdir -p "$PLUGINS" "$LOG"
  if ! stamped docker-buildx "$BUILDX_STAMP"; then
    say "building docker-buildx $BUILDX_VERSION (log $LOG/reference-plugins.log)"
    local bin
    bin=$(mktemp -d)
    # the version stamped as buildx's release does: compose's build refuses a buildx that reports none
    GOBIN=$bin CGO_ENABLED=0 go install \
      -ldflags "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION" \
      "github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION" \
      >>"$LOG/reference-plugins.log" 2>&1
    install -m 0755 "$bin/buildx" "$PLUGINS/docker-buildx"
    rm -rf "$bin"
    echo "$BUILDX_STAMP" >"$PLUGINS/.docker-buildx-version"
  fi
  if ! stamped docker-compose "$COMPOSE_VERSION"; then
    # Older compose tags carry replace directives `go install` refuses: build inside the module's copy.
    say "building docker-compose $COMPOSE_VERSION (log $LOG/reference-plugins.log)"
    local dir
    dir=$(go mod download -json "github.com/docker/compose/v5@$COMPOSE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    (cd "$dir" && CGO_ENABLED=0 go build -trimpath \
      -ldflags "-X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION" \
      -o "$PLUGINS/docker-compose" ./cmd) >>"$LOG/reference-plugins.log" 2>&1
    echo "$COMPOSE_VERSION" >"$PLUGINS/.docker-compose-version"
  fi
}

case "${1:-build}" in
  build) build ;;
  config) echo "$CONFIG" ;;
  *) echo "usage: $0 build|config" >&2; exit 2 ;;
esac
