# shellcheck shell=bash
# Sourced by the bench scripts: BENCH_TELEMETRY=on (default off) runs the silo and the gateway
# with telemetry as an operator would: OTLP export (http/protobuf) to a local sink that accepts
# and drops everything, default sampler, metrics collected; off: no OTLP endpoint (only the
# in-process meters behind /metrics, which nobody scrapes during the run).
#   telemetry_switch WORKDIR   exports the OTEL_* variables when on; sets telemetry_sink_pid
telemetry_sink_pid=""

telemetry_switch() { # WORKDIR
  unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL
  case "${BENCH_TELEMETRY:-off}" in
    off) return 0 ;;
    on) ;;
    *) die "BENCH_TELEMETRY is on or off, not '${BENCH_TELEMETRY}'" ;;
  esac
  local port
  port="$(free_port)"
  python3 - "$port" >"$1/otlp-sink.log" 2>&1 <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
  telemetry_sink_pid=$!
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
  log "telemetry on: OTLP to the sink on 127.0.0.1:$port (pid $telemetry_sink_pid)"
}

telemetry_stop() {
  if [ -n "$telemetry_sink_pid" ]; then
    kill "$telemetry_sink_pid" 2>/dev/null || true
    wait "$telemetry_sink_pid" 2>/dev/null || true
    telemetry_sink_pid=""
  fi
}
