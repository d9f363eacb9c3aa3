#!/bin/sh
# Entry point of the Home Unite Us image (see Dockerfile):
#   silo      runs the silo     (/app/silo/Silo.dll)
#   gateway   runs the gateway  (/app/gateway/WebGateway.dll), the default
#   anything else is run as a command.
# Extra arguments after silo/gateway go to the process.
#
# HUU_ENV_FILE (optional): a KEY=VALUE file such as the one docker-compose.yml's cognito-setup
#   service writes with scripts/cognito-pool.sh. It is applied only while COGNITO_USER_POOL_ID is
#   empty, and then its values replace the environment's: the pool id, client, secret and
#   endpoint of one pool belong together. Set COGNITO_USER_POOL_ID (a real pool) to ignore it.
# ORLEANS_ADVERTISED_IP (silo): when empty, this container's own address (looked up from its
#   hostname), so that the other silos and the gateways can reach it.
set -eu

say() { echo "huu-entrypoint: $*" >&2; }

apply_env_file() {
  [ -n "${HUU_ENV_FILE:-}" ] || return 0
  [ -z "${COGNITO_USER_POOL_ID:-}" ] || return 0
  if [ ! -f "$HUU_ENV_FILE" ]; then
    say "HUU_ENV_FILE=$HUU_ENV_FILE does not exist"
    return 0
  fi
  say "COGNITO_USER_POOL_ID is empty: reading settings from $HUU_ENV_FILE"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    line="${line#export }"
    key="${line%%=*}"
    value="${line#*=}"
    case "$key" in '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;; esac
    export "$key=$value"
  done <"$HUU_ENV_FILE"
}

container_ip() {
  name="$(hostname 2>/dev/null || cat /etc/hostname)"
  getent ahostsv4 "$name" 2>/dev/null | awk '$1 !~ /^127\./ { print $1; exit }'
}

role="${1:-gateway}"
if [ $# -gt 0 ]; then shift; fi
case "$role" in
  silo)
    apply_env_file
    if [ -z "${ORLEANS_ADVERTISED_IP:-}" ]; then
      ip="$(container_ip || true)"
      if [ -n "$ip" ]; then
        export ORLEANS_ADVERTISED_IP="$ip"
        say "ORLEANS_ADVERTISED_IP=$ip (this container's address)"
      else
        unset ORLEANS_ADVERTISED_IP
        say "could not find this container's address; ORLEANS_ADVERTISED_IP stays at its default"
      fi
    fi
    cd /app/silo
    exec dotnet Silo.dll "$@"
    ;;
  gateway)
    apply_env_file
    cd /app/gateway
    exec dotnet WebGateway.dll "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
