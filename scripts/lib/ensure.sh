# shellcheck shell=bash
# Shared by the scripts in scripts/: logging, free ports, HTTP probes, and the "ensure" steps
# that install what the local stack and the tests need when it is missing:
#   ensure_postgres  PostgreSQL 15 server binaries (apt-get install postgresql-15, root only)
#   ensure_moto      moto_server (pip install 'moto[server]==5.2.1'); sets MOTO_CMD
#   ensure_boto3     boto3 for cognito-pool.sh (it comes with moto)
#   ensure_dotnet    the .NET SDK (never installed here: it must already be on PATH)
#   ensure_kubectl   kubectl (apt-get install kubernetes-client, root only)
#   ensure_rtk_codegen  @rtk-query/codegen-openapi (npm install into a folder under .artifacts)
#   ensure_haproxy   haproxy (apt-get install haproxy, root only) for bench/rolling.sh
# Sourced, never executed. Everything it prints goes to stderr.

HUU_PG_BIN="${HUU_PG_BIN:-/usr/lib/postgresql/15/bin}"
HUU_MOTO_VERSION="5.2.1"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

# Stops a process the caller started: TERM, up to 20 s to exit, then KILL; reaps it. Quiet when it is gone.
stop_process() { # NAME PID
  local name="$1" pid="$2" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  log "stopping the $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Prints the last lines of each given log file to stderr.
show_tail() {
  local f
  for f in "$@"; do
    if [ -f "$f" ]; then
      printf -- '----- last lines of %s -----\n' "$f" >&2
      tail -n "${HUU_TAIL_LINES:-40}" "$f" >&2 || true
    fi
  done
}

# True when nothing listens on 127.0.0.1:PORT (a bind to it with SO_REUSEADDR succeeds).
port_is_free() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# As servers do: connections of a previous server in TIME_WAIT do not make the port busy.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
  else
    # No python3: a refused connection is good enough.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Prints a TCP port on 127.0.0.1 that is free right now (the kernel's choice).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
    return
  fi
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + (RANDOM * 32768 + RANDOM + i) % 40000))
    if port_is_free "$p"; then
      echo "$p"
      return
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

# Prints "CODE BODY" for a GET of URL (CODE 000 when nothing answers); never fails.
http_probe() {
  if command -v curl >/dev/null 2>&1; then
    local body code tmp
    tmp="$(mktemp)"
    code="$(curl -s -o "$tmp" -w '%{http_code}' --max-time 5 "$1" 2>/dev/null)" || true
    body="$(head -c 500 "$tmp" | tr '\n' ' ')"
    rm -f "$tmp"
    printf '%s %s\n' "${code:-000}" "$body"
  else
    python3 - "$1" <<'PY' 2>/dev/null || echo "000"
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        print(r.status, r.read(500).decode("utf-8", "replace").replace("\n", " "))
except urllib.error.HTTPError as e:
    print(e.code, e.read(500).decode("utf-8", "replace").replace("\n", " "))
except Exception:
    print("000")
PY
  fi
}

http_status() {
  local r
  r="$(http_probe "$1")"
  echo "${r%% *}"
}

# apt-get install, non-interactive, refreshing the package lists once if the first try fails.
apt_get_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
  local opts=(-y -q --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@" >&2; then
    log "apt-get install failed; running apt-get update and trying again"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@" >&2
  fi
}

ensure_postgres() {
  if [ -x "$HUU_PG_BIN/initdb" ] && [ -x "$HUU_PG_BIN/pg_ctl" ] && [ -x "$HUU_PG_BIN/postgres" ] \
    && [ -x "$HUU_PG_BIN/psql" ] && [ -x "$HUU_PG_BIN/pg_isready" ]; then
    return 0
  fi
  is_root || die "PostgreSQL 15 server binaries not found in $HUU_PG_BIN and not root: install postgresql-15 (e.g. sudo apt-get install postgresql-15) or point HUU_PG_BIN at a PostgreSQL bin directory"
  log "PostgreSQL 15 not found in $HUU_PG_BIN: installing postgresql-15 with apt-get"
  # Our servers run from their own data directories on free ports; on a machine that has
  # never had PostgreSQL, tell Debian not to create and start the default cluster on 5432.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
  fi
  apt_get_install postgresql-15
  [ -x "$HUU_PG_BIN/initdb" ] || die "postgresql-15 installed but $HUU_PG_BIN/initdb is still missing"
  id postgres >/dev/null 2>&1 || die "the postgres OS user does not exist after installing postgresql-15"
}

pip_install_moto() {
  python3 -m pip install -q "moto[server]==$HUU_MOTO_VERSION" >&2 && { hash -r; return 0; }
  # Debian's own python3 refuses a plain pip install (PEP 668); as root, on a throw-away CI
  # or dev machine, installing into it anyway is what we want.
  if is_root && PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q "moto[server]==$HUU_MOTO_VERSION" >&2; then
    hash -r
    return 0
  fi
  if ! is_root && python3 -m pip install -q --user "moto[server]==$HUU_MOTO_VERSION" >&2; then
    PATH="$(python3 -m site --user-base)/bin:$PATH"
    export PATH
    hash -r
    return 0
  fi
  die "could not install moto[server]==$HUU_MOTO_VERSION with pip"
}

# Sets MOTO_CMD (an array) to the command that starts moto's server.
# shellcheck disable=SC2034  # MOTO_CMD is read by the scripts that source this file
ensure_moto() {
  if command -v moto_server >/dev/null 2>&1; then
    MOTO_CMD=(moto_server)
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || die "python3 is required for moto (install python3 and python3-pip)"
  if python3 -c 'import moto.server, flask' >/dev/null 2>&1; then
    MOTO_CMD=(python3 -m moto.server)
    return 0
  fi
  log "moto_server not found: installing moto[server]==$HUU_MOTO_VERSION with pip"
  pip_install_moto
  if command -v moto_server >/dev/null 2>&1; then
    MOTO_CMD=(moto_server)
  elif python3 -c 'import moto.server, flask' >/dev/null 2>&1; then
    MOTO_CMD=(python3 -m moto.server)
  else
    die "moto[server] was installed but neither moto_server nor python3 -m moto.server works"
  fi
}

ensure_boto3() {
  command -v python3 >/dev/null 2>&1 || die "python3 is required (with boto3)"
  python3 -c 'import boto3' >/dev/null 2>&1 && return 0
  log "boto3 not found: installing moto[server]==$HUU_MOTO_VERSION (which brings boto3) with pip"
  pip_install_moto
  python3 -c 'import boto3' >/dev/null 2>&1 || die "boto3 still cannot be imported"
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 \
    || die "the .NET SDK (dotnet, 10.0) is not on PATH: install it first"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Debian's kubectl (package kubernetes-client, 1.20) for `kubectl kustomize deploy/kubernetes`
# (tests/…/Unit/Deployment/KubernetesManifestTests); any kubectl already on PATH will do.
ensure_kubectl() {
  command -v kubectl >/dev/null 2>&1 && return 0
  is_root || die "kubectl not found and not root: install kubernetes-client (e.g. sudo apt-get install kubernetes-client)"
  log "kubectl not found: installing kubernetes-client with apt-get"
  apt_get_install kubernetes-client
  command -v kubectl >/dev/null 2>&1 || die "kubernetes-client installed but kubectl is still not on PATH"
}

HUU_RTK_CODEGEN_VERSION="2.2.0"
# The generator's OpenAPI parser as API.md describes it: 10.1.0 reads 3.0.0-3.0.3 and 3.1.0 and
# refuses 3.0.4 (10.1.1 would accept it, and the test would no longer catch a 3.0.4 document).
HUU_RTK_CODEGEN_PARSER_VERSION="10.1.0"

# The frontend's client generator, @rtk-query/codegen-openapi, installed with npm into DIR
# (scripts/test.sh: .artifacts/rtk-codegen, where tests/…/Integration/Platform/ClientGeneratorTests
# runs it); needs Node.js and npm.
ensure_rtk_codegen() { # DIR
  local dir="$1" want
  want="$HUU_RTK_CODEGEN_VERSION parser $HUU_RTK_CODEGEN_PARSER_VERSION"
  [ -x "$dir/node_modules/.bin/rtk-query-codegen-openapi" ] \
    && [ "$(cat "$dir/.version" 2>/dev/null)" = "$want" ] && return 0
  command -v npm >/dev/null 2>&1 || die "npm (with Node.js 18 or later) is required for @rtk-query/codegen-openapi"
  log "installing @rtk-query/codegen-openapi@$HUU_RTK_CODEGEN_VERSION with npm into $dir"
  mkdir -p "$dir"
  cat >"$dir/package.json" <<JSON
{
  "private": true,
  "dependencies": { "@rtk-query/codegen-openapi": "$HUU_RTK_CODEGEN_VERSION" },
  "overrides": { "@apidevtools/swagger-parser": "$HUU_RTK_CODEGEN_PARSER_VERSION" }
}
JSON
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2) \
    || die "npm could not install @rtk-query/codegen-openapi@$HUU_RTK_CODEGEN_VERSION"
  echo "$want" >"$dir/.version"
}

# HAProxy (Debian package haproxy) for bench/rolling.sh's load balancer; any haproxy already on PATH will do.
ensure_haproxy() {
  # Debian installs it in /usr/sbin, which a non-login shell's PATH may lack.
  case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac
  command -v haproxy >/dev/null 2>&1 && return 0
  is_root || die "haproxy not found and not root: install haproxy (e.g. sudo apt-get install haproxy)"
  log "haproxy not found: installing haproxy with apt-get"
  apt_get_install haproxy
  hash -r
  command -v haproxy >/dev/null 2>&1 || die "haproxy installed but still not on PATH"
}
