# Shared by the bench scripts (sourced, not run; sourcing only defines variables and functions).
# Installs what a benchmark needs, builds the jar if it is missing, starts the packaged service on a
# throw-away H2 database with a fixed heap, stops it on exit, and waits for a quiet machine before
# each measurement.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${JAR:-"$ROOT/target/backprop-0.1.0-SNAPSHOT.jar"}  # JAR=… to measure another build
JAVA=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -x "$JAVA" ] || JAVA=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)
HEAP=${HEAP:-1g}
DATA=/usr/share/datasets/fashion-mnist
PY=/usr/bin/python3

log() { printf '%s\n' "$*" >&2; }

# ensure_packages PKG…: apt-get install (quiet) whichever Debian packages are not installed yet.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian…"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# run_engine_program CLASS [JVM option…] [-- argument…]: one of the in-process bench programs, which live in the
# engine's package to reach the training step itself (bench/StepPhases.java, bench/StepAB.java, with
# bench/FashionMnistData.java): compiles the engine, then them into a temporary directory, and runs
# io.backprop.engine.CLASS on Fashion-MNIST with a 1 GiB heap, the JVM options and the arguments given.
run_engine_program() {
  local class=$1 classes options=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  ensure_packages dataset-fashion-mnist
  (cd "$ROOT" && ./mvnw -q -B -DskipTests compile)
  classes=$(mktemp -d)
  trap "rm -rf '$classes'" EXIT
  "$(dirname "$JAVA")/javac" -nowarn --add-modules jdk.incubator.vector -cp "$ROOT/target/classes" -d "$classes" \
    "$ROOT"/bench/FashionMnistData.java "$ROOT"/bench/StepPhases.java "$ROOT"/bench/StepAB.java "$ROOT"/bench/PanelAlignment.java 2>&1 \
    | { grep -v 'incubator\|^1 warning' >&2 || true; }
  "$JAVA" --add-modules jdk.incubator.vector -Xmx1g "${options[@]}" -cp "$classes:$ROOT/target/classes" \
    "io.backprop.engine.$class" "$@" 2>&1 | grep -v '^WARNING: Using incubator modules'
}

ensure_jar() {
  if [ ! -f "$JAR" ]; then
    log "building $JAR…"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
  fi
}

# jmh_classpath: builds src/main and src/jmh with the Maven profile "bench" into target/bench and prints
# the classpath to run org.openjdk.jmh.Main with $JAVA (the JDK 25 the build uses; JMH forks the same java).
jmh_classpath() {
  local out="$ROOT/target/bench"
  mkdir -p "$out"
  (cd "$ROOT" && ./mvnw -q -B -Pbench compile && ./mvnw -q -B -Pbench dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=runtime \
    -Dmdep.includeGroupIds=org.openjdk.jmh,net.sf.jopt-simple,org.apache.commons >/dev/null)
  [ -x "$JAVA" ] || { log "no JDK 25 found under /usr/lib/jvm (set JAVA25)"; exit 1; }
  echo "$out/classes:$(cat "$out/classpath.txt")"
}

SERVICE_PID=""
WORK=""
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_service: the packaged jar with -Xmx$HEAP on an H2 file in a temp dir, plus SERVICE_JVM_ARGS and
# SERVICE_ARGS (JVM and Spring options to try, e.g. -XX:+UseZGC, --server.tomcat.threads.max=8); sets
# URL, SERVICE_PID, WORK.
start_service() {
  WORK=$(mktemp -d /tmp/backprop-bench.XXXXXX)
  local port=${PORT:-$(free_port)}
  URL=http://127.0.0.1:$port
  # A copy, so that a build running meanwhile cannot replace the jar under the running service.
  cp "$JAR" "$WORK/backprop.jar"
  log "jar: $JAR, built $(date -r "$JAR" '+%F %T'), its work tree now at $(git -C "$(dirname "$JAR")/.." describe --always --dirty 2>/dev/null || echo '?')"
  "$JAVA" --add-modules jdk.incubator.vector -Xmx"$HEAP" ${SERVICE_JVM_ARGS:-} -jar "$WORK/backprop.jar" --server.port="$port" \
    --spring.datasource.url="jdbc:h2:file:$WORK/db" ${SERVICE_ARGS:-} >"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  trap stop_service EXIT
  trap 'exit 130' INT TERM
  local i
  for i in $(seq 240); do
    curl -sf "$URL/actuator/health/liveness" >/dev/null && break
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      log "the service died on start-up:"; tail -30 "$WORK/service.log" >&2; exit 1
    fi
    sleep 0.25
  done
  curl -sf "$URL/actuator/health/liveness" >/dev/null || { log "the service did not come up in 60 s"; exit 1; }
  # the engine warms up in the background after start-up (EngineWarmup, ~4-5 s on the hosts measured); measuring while it
  # runs would charge its CPU to whatever is measured (an upload took 3.7 s then, 1.2 s after it)
  for i in $(seq 240); do
    grep -q "engine warmed up" "$WORK/service.log" && break
    sleep 0.25
  done
  log "service: $("$JAVA" -version 2>&1 | head -1), -Xmx$HEAP, pid $SERVICE_PID, $URL (H2 in $WORK)"
}

stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
  if [ -n "$WORK" ] && [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; fi
}

# CPU seconds (user + system) used so far by the service's process.
service_cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"
}

# Busy share of all CPUs over one second, in percent (from /proc/stat).
cpu_busy_percent() {
  local a b
  a=$(awk '/^cpu /{ idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t, idle }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu /{ idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t, idle }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); dt = y[1] - x[1]; di = y[2] - x[2];
    printf "%d", (dt > 0 ? 100 * (dt - di) / dt : 0) }'
}

# The JVM's GC pause count, pause seconds and bytes allocated so far, from /actuator/prometheus.
gc_totals() {
  curl -sf "$URL/actuator/prometheus" |
    awk '/^jvm_gc_pause_seconds_count/{c += $NF} /^jvm_gc_pause_seconds_sum/{s += $NF}
         /^jvm_gc_memory_allocated_bytes_total/{a += $NF} END { printf "%d %.3f %.0f", c, s, a }'
}

# CPU seconds spent busy (user, nice, system, irq, softirq, steal) on all CPUs since boot.
machine_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu /{ printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# CPU seconds used so far by this script and every child it has waited for (curl, jq, python, wrk…).
# `times` must run in this shell, not in a $(…) subshell, so it goes through a file.
script_cpu_seconds() {
  times >"$WORK/times"
  tr -d s <"$WORK/times" | awk '{ for (i = 1; i <= NF; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] } } END { printf "%.2f", s }'
}

# measure_begin / measure_end: how much CPU processes other than the service and this script (with its
# children: the measured PyTorch run or wrk, curl…) took during a measurement. Sets OTHERS_CORES (their
# average number of busy cores over the measurement) and INTERFERED=1 when it exceeds OTHERS_MAX.
OTHERS_MAX=${OTHERS_MAX:-0.1}
measure_begin() {
  script_cpu_seconds >"$WORK/cpu0"
  _own0=$(cat "$WORK/cpu0"); _busy0=$(machine_busy_seconds); _svc0=$(service_cpu_seconds); _t0=$(date +%s.%N)
}
measure_end() {
  local busy1 svc1 t1 own1
  busy1=$(machine_busy_seconds); svc1=$(service_cpu_seconds); t1=$(date +%s.%N)
  script_cpu_seconds >"$WORK/cpu1"; own1=$(cat "$WORK/cpu1")
  OTHERS_CORES=$(awk -v b0="$_busy0" -v b1="$busy1" -v s0="$_svc0" -v s1="$svc1" -v o0="$_own0" -v o1="$own1" \
    -v t0="$_t0" -v t1="$t1" 'BEGIN { x = ((b1 - b0) - (s1 - s0) - (o1 - o0)) / (t1 - t0); printf "%.2f", x < 0 ? 0 : x }')
  INTERFERED=$(awk -v x="$OTHERS_CORES" -v m="$OTHERS_MAX" 'BEGIN { print (x > m) ? 1 : 0 }')
  SERVICE_CORES=$(awk -v a="$_svc0" -v b="$svc1" -v t0="$_t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
  OWN_CORES=$(awk -v a="$_own0" -v b="$own1" -v t0="$_t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
}

# wait_quiet: before a measurement, wait (up to QUIET_WAIT s) until the machine is idle, i.e. less than
# QUIET_MAX % of all CPUs busy over a second while our own processes are idle. Sets LOAD_NOTE to the
# `uptime` load and, if the machine never got quiet, a warning that ends up next to the figure.
QUIET_MAX=${QUIET_MAX:-15}
QUIET_WAIT=${QUIET_WAIT:-180}
NOISY_RUNS=0
wait_quiet() {
  local waited=0 busy
  while :; do
    busy=$(cpu_busy_percent)
    [ "$busy" -le "$QUIET_MAX" ] && break
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      NOISY_RUNS=$((NOISY_RUNS + 1))
      LOAD_NOTE="NOISY: ${busy}% CPU busy elsewhere, $(uptime | sed 's/.*load/load/')"
      log "  warning: the machine stayed busy (${busy}% CPU) for ${QUIET_WAIT} s; measuring anyway"
      return 0
    fi
    [ $((waited % 20)) -eq 0 ] && log "  waiting for a quiet machine: ${busy}% CPU busy ($(uptime | sed 's/.*load/load/'))"
    sleep 1; waited=$((waited + 2))
  done
  LOAD_NOTE="idle ${busy}% busy, $(uptime | sed 's/.*load/load/')"
}
