#!/usr/bin/env bash
# Local infrastructure for Waymark: a real Apache Kafka 3.9.1 broker (KRaft, single node) and a real
# Elasticsearch 8.15.3 node, each a plain JVM built from Maven Central jars and bound to 127.0.0.1.
# No Docker: these machines have no container engine, and Debian ships neither server.
#
#   infra.sh up     [kafka|es]   start (idempotent) and wait until ready
#   infra.sh down   [kafka|es]   stop what we started (SIGTERM, then SIGKILL after 30 s); data is kept
#   infra.sh status [kafka|es]   pid alive + readiness probe; exit 0 only if all requested services are up
#   infra.sh reset  [kafka|es]   down, then delete data and logs (the downloaded jars are kept)
#   infra.sh env                 print KAFKA_BROKERS / ELASTICSEARCH_URL for the configured ports
#
# Env: WAYMARK_INFRA_STATE (state dir, default deploy/local/.state), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#      ES_HTTP_PORT (9200), ES_TRANSPORT_PORT (9300), WAYMARK_INFRA_TIMEOUT (readiness timeout per service, 180 s),
#      WAYMARK_MVN_ARGS (extra Maven arguments, e.g. -Dmaven.repo.local=...), JAVA_HOME.
# See README.md next to this file, and the reference: /work/shared/reference/local-infra.md (§1 Kafka, §2 ES).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${WAYMARK_INFRA_STATE:-$HERE/.state}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
ES_HTTP_PORT="${ES_HTTP_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
WAIT_TIMEOUT="${WAYMARK_INFRA_TIMEOUT:-180}"
STOP_TIMEOUT=30

KAFKA_POM="$HERE/kafka-runtime/pom.xml"
ES_POM="$HERE/es-launcher/pom.xml"
# Fixed 22-char base64url cluster id (the Kafka docs' example): `StorageTool format --ignore-formatted` is then
# idempotent, and the readiness probe can check that the broker on the port is ours.
KAFKA_CLUSTER_ID="MkU3OEVBNTcwNTJENDM2Qk"
# Pinned: Maven 3.8's default maven-dependency-plugin is old.
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ALL_SERVICES=(kafka es)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

pom_property() { sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n1; }
KAFKA_VERSION="$(pom_property "$KAFKA_POM" kafka.version)"
ES_VERSION="$(pom_property "$ES_POM" es.version)"

# ---------------------------------------------------------------------------------------------------------------
# Process bookkeeping. A service is "ours" only if its pid file names a live process whose command line carries
# our markers (-Dwaymark.infra.service=<svc> and this state dir), so a recycled pid or a foreign JVM is never
# signalled or reported as ours.
# ---------------------------------------------------------------------------------------------------------------
pid_file() { echo "$STATE/$1/$1.pid"; }
ports_file() { echo "$STATE/$1/ports"; }

our_pid() {
  local svc=$1 f pid cmdline
  f="$(pid_file "$svc")"
  [[ -s "$f" ]] || return 1
  pid="$(<"$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *java* && "$cmdline" == *"-Dwaymark.infra.service=$svc "* &&
     "$cmdline" == *"-Dwaymark.infra.state=$STATE "* ]] || return 1
  echo "$pid"
}

# Ports a service uses: those recorded when it was started (if it runs), else the configured ones.
# Prints "<client port> <second port>".
requested_ports() {
  case $1 in
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ;;
    es) echo "$ES_HTTP_PORT $ES_TRANSPORT_PORT" ;;
  esac
}
effective_ports() {
  local f
  f="$(ports_file "$1")"
  if our_pid "$1" >/dev/null && [[ -s "$f" ]]; then cat "$f"; else requested_ports "$1"; fi
}

# pids listening on a TCP port (any address), via ss; empty if none or not visible.
listener_pids() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}
port_listening() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]] && return 0
  tcp_open "$1"
}
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
describe_pid() { ps -o pid=,args= -p "$1" 2>/dev/null | cut -c1-160 || echo "$1 (gone)"; }

# Fail with a clear message if a port we need is held by anything that is not our running service.
check_ports_free() {
  local svc=$1 port pids pid mine
  shift
  mine="$(our_pid "$svc" || true)"
  for port in "$@"; do
    port_listening "$port" || continue
    pids="$(listener_pids "$port")"
    if [[ -n "$mine" ]] && grep -qx "$mine" <<<"$pids"; then continue; fi
    if [[ -n "$pids" ]]; then
      for pid in $pids; do log "port $port is held by: $(describe_pid "$pid")"; done
    fi
    die "$svc: port 127.0.0.1:$port is already in use by a process infra.sh did not start." \
        "Stop it, or choose other ports (KAFKA_PORT, KAFKA_CONTROLLER_PORT, ES_HTTP_PORT, ES_TRANSPORT_PORT)."
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Maven: resolve/compile only when the inputs changed. The stamp is a hash of the POM (and launcher sources), so a
# version bump re-resolves, and a second `up` costs nothing. Output is hidden unless Maven fails.
# ---------------------------------------------------------------------------------------------------------------
run_mvn() {
  local out rc=0
  out="$(mktemp)"
  # shellcheck disable=SC2086  # WAYMARK_MVN_ARGS is a list of words on purpose
  mvn -B -q ${WAYMARK_MVN_ARGS:-} "$@" >"$out" 2>&1 || rc=$?
  if (( rc != 0 )); then
    cat "$out" >&2
    rm -f "$out"
    die "Maven failed (exit $rc): mvn $*"
  fi
  rm -f "$out"
}

inputs_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

prepare_kafka() {
  local dir="$STATE/kafka" stamp
  stamp="kafka $KAFKA_VERSION $(inputs_hash "$KAFKA_POM")"
  if [[ -d "$dir/libs" && -f "$dir/libs.stamp" && "$(<"$dir/libs.stamp")" == "$stamp" ]]; then
    return 0
  fi
  log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven (cached in ~/.m2)..."
  rm -rf "$dir/libs.tmp"
  run_mvn -f "$KAFKA_POM" "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$dir/libs.tmp"
  # Swap in a fresh dir: copy-dependencies never deletes jars of an older version.
  rm -rf "$dir/libs"
  mv "$dir/libs.tmp" "$dir/libs"
  echo "$stamp" >"$dir/libs.stamp"
}

prepare_es() {
  local dir="$STATE/es" stamp
  stamp="es $ES_VERSION $(inputs_hash "$ES_POM" $(find "$HERE/es-launcher/src" -type f | LC_ALL=C sort))"
  if [[ -d "$dir/libs" && -f "$dir/es-launcher.jar" && -f "$dir/libs.stamp" && "$(<"$dir/libs.stamp")" == "$stamp" ]]; then
    return 0
  fi
  log "es: resolving org.elasticsearch:elasticsearch:$ES_VERSION and building the launcher with Maven..."
  rm -rf "$dir/libs.tmp"
  run_mvn -f "$ES_POM" package -Des.libs.dir="$dir/libs.tmp"
  rm -rf "$dir/libs"
  mv "$dir/libs.tmp" "$dir/libs"
  # A copy in the state dir, so `mvn clean` in the module cannot pull the jar from under a running node.
  cp "$HERE/es-launcher/target/es-launcher.jar" "$dir/es-launcher.jar"
  echo "$stamp" >"$dir/libs.stamp"
}

# ---------------------------------------------------------------------------------------------------------------
# Config files, regenerated on every start from the current ports and state dir.
# (Java .properties have no trailing comments: a comment must be on its own line.)
# ---------------------------------------------------------------------------------------------------------------
write_kafka_config() {
  local dir="$STATE/kafka"
  mkdir -p "$dir/data" "$dir/logs"
  # Single-node combined mode, static quorum (no --standalone needed at format time), loopback only.
  cat >"$dir/server.properties" <<EOF
# Generated by deploy/local/infra.sh; edits are overwritten on the next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
# one partition: __consumer_offsets is created much faster
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# the 3 s default delays every consumer-group join (kafkajs tests)
group.initial.rebalance.delay.ms=0
# 2-core machines
num.network.threads=2
num.io.threads=2
EOF
  # Kafka 3.x logs through reload4j (log4j 1.2 API). Everything INFO+ goes to one rolling file.
  cat >"$dir/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$dir/logs/server.log
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
# per-request logging is far too chatty at INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.zookeeper=WARN
EOF
  # CLI tools (format, probes, tests): warnings only, on stderr.
  cat >"$dir/tools-log4j.properties" <<EOF
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

write_es_config() {
  local dir="$STATE/es"
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  # The launcher bypasses ES's own LogConfigurator (no config dir), so this is the whole log4j2 setup.
  cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $dir/logs/es.log
appender.file.filePattern = $dir/logs/es-%i.log.gz
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d{ISO8601}][%-5p][%c{1.}] %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
EOF
}

# Small, fast-starting JVM for Kafka CLI classes (format, probes), killed after $1 seconds.
kafka_tool() {
  local limit=$1
  shift
  timeout "$limit" "$JAVA" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j.configuration="file:$STATE/kafka/tools-log4j.properties" -cp "$STATE/kafka/libs/*" "$@"
}

format_kafka() {
  local dir="$STATE/kafka"
  [[ -f "$dir/data/meta.properties" ]] && return 0
  log "kafka: formatting storage (cluster id $KAFKA_CLUSTER_ID)"
  # Starting on an unformatted log.dirs fails with "No readable meta.properties files found".
  kafka_tool 120 kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$dir/server.properties" --ignore-formatted \
    >"$dir/logs/format.log" 2>&1 || { cat "$dir/logs/format.log" >&2; die "kafka: StorageTool format failed"; }
}

# ---------------------------------------------------------------------------------------------------------------
# Launch: detached from the calling shell (new session via setsid, SIGHUP ignored via nohup, stdin from /dev/null,
# output to a file, and the lock fd 9 closed), so it survives the caller and never holds its pipes open (a test
# runner waiting on our stdout would otherwise hang). The inner bash writes its own pid and then execs java, so
# the pid file names the JVM itself.
# ---------------------------------------------------------------------------------------------------------------
declare -A LAUNCHED_AT=()
launch() {
  local svc=$1 out=$2 pidf i
  shift 2
  LAUNCHED_AT[$svc]=$SECONDS
  pidf="$(pid_file "$svc")"
  rm -f "$pidf"
  printf '\n===== %s infra.sh starting %s =====\n' "$(date -Is)" "$svc" >>"$out"
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >>"$out" 2>&1 9>&- &
  for i in $(seq 1 50); do
    our_pid "$svc" >/dev/null && return 0
    sleep 0.1
  done
  die "$svc: the JVM did not start; see $out"
}

start_kafka() {
  local dir="$STATE/kafka"
  write_kafka_config
  format_kafka
  echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" >"$(ports_file kafka)"
  # Remember where this run's log starts, so readiness only trusts lines written by this run.
  { wc -c <"$dir/logs/server.log" || echo 0; } 2>/dev/null >"$dir/logs/.start-offset"
  log "kafka: starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT)"
  # JVM flags: kafka-run-class.sh's G1 settings, with a small heap (its 1 GB default is more than tests need).
  launch kafka "$dir/logs/stdout.log" "$JAVA" -Xms256m -Xmx512m \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$dir/log4j.properties" -Dkafka.logs.dir="$dir/logs" \
    -Dwaymark.infra.service=kafka -Dwaymark.infra.state="$STATE" \
    -cp "$dir/libs/*" kafka.Kafka "$dir/server.properties"
}

start_es() {
  local dir="$STATE/es"
  write_es_config
  echo "$ES_HTTP_PORT $ES_TRANSPORT_PORT" >"$(ports_file es)"
  log "es: starting Elasticsearch $ES_VERSION on http://127.0.0.1:$ES_HTTP_PORT (transport :$ES_TRANSPORT_PORT)"
  # JVM flags: the relevant part of ES 8.15's system/default jvm.options (Netty without Unsafe, log4j without its
  # own shutdown hook so the node can still log while our hook closes it, COMPAT locale data as 8.x uses on JDK 17).
  launch es "$dir/logs/stdout.log" "$JAVA" -Xms512m -Xmx1g -XX:+UseG1GC -Xss1m \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true -XX:-OmitStackTraceInFastThrow \
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
    -Dlog4j2.configurationFile="file:$dir/log4j2.properties" -Djava.locale.providers=SPI,COMPAT \
    -Djava.io.tmpdir="$dir/tmp" -XX:ErrorFile="$dir/logs/hs_err_pid%p.log" \
    -Dwaymark.infra.service=es -Dwaymark.infra.state="$STATE" \
    -Dwaymark.es.home="$dir" -Dwaymark.es.http.port="$ES_HTTP_PORT" -Dwaymark.es.transport.port="$ES_TRANSPORT_PORT" \
    -cp "$dir/libs/*:$dir/es-launcher.jar" waymark.local.es.Main
}

# ---------------------------------------------------------------------------------------------------------------
# Readiness probes
# ---------------------------------------------------------------------------------------------------------------
# The listener on the port must be our JVM, not, say, the same service started from another state dir.
# (If ss cannot show the owning pid, we cannot tell, and trust the probe.)
port_is_ours() {
  local pid pids
  pid="$(our_pid "$1")" || return 1
  pids="$(listener_pids "$2")"
  [[ -z "$pids" ]] || grep -qx "$pid" <<<"$pids"
}
# Kafka: a metadata round trip (ClusterTool → Admin.describeCluster) that also proves the broker is ours.
# Returns 0 if ready, 1 if no answer, 2 if the broker answers with another cluster id (printed on stdout).
kafka_metadata_ok() {
  local port=$1 out id
  out="$(kafka_tool 30 kafka.tools.ClusterTool cluster-id --bootstrap-server "127.0.0.1:$port" 2>/dev/null)" || return 1
  id="$(sed -n 's/^Cluster ID: //p' <<<"$out")"
  [[ -n "$id" ]] || return 1
  [[ "$id" == "$KAFKA_CLUSTER_ID" ]] && return 0
  echo "$id"
  return 2
}
kafka_ready() {
  local port
  read -r port _ < <(effective_ports kafka)
  port_is_ours kafka "$port" && tcp_open "$port" && kafka_metadata_ok "$port" >/dev/null
}
kafka_log_says_started() {
  local dir="$STATE/kafka/logs" off
  off="$(cat "$dir/.start-offset" 2>/dev/null || echo 0)"
  tail -c "+$((off + 1))" "$dir/server.log" 2>/dev/null | grep -q 'Kafka Server started'
}

es_ready() {
  local port
  read -r port _ < <(effective_ports es)
  port_is_ours es "$port" && curl -fsS --max-time 10 "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1
}

service_ready() { "${1}_ready"; }

show_logs() {
  local svc=$1 f
  for f in "$STATE/$svc/logs/server.log" "$STATE/$svc/logs/es.log" "$STATE/$svc/logs/stdout.log"; do
    [[ -s "$f" ]] || continue
    printf -- '----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

wait_ready() {
  local svc=$1 start=${LAUNCHED_AT[$1]:-$SECONDS} port
  read -r port _ < <(effective_ports "$svc")
  while :; do
    if ! our_pid "$svc" >/dev/null; then
      show_logs "$svc"
      die "$svc: the JVM exited during startup (logs above)"
    fi
    case $svc in
      kafka)
        # Cheap checks first (TCP + log line), then one real metadata request.
        if port_is_ours kafka "$port" && tcp_open "$port" && kafka_log_says_started; then
          local rc=0 other
          other="$(kafka_metadata_ok "$port")" || rc=$?
          (( rc == 0 )) && break
          (( rc == 2 )) && die "kafka: the broker runs, but with cluster id $other instead of $KAFKA_CLUSTER_ID:" \
            "$STATE/kafka/data was formatted by something else. 'infra.sh reset kafka' wipes it."
        fi ;;
      es)
        if es_ready; then break; fi ;;
    esac
    if (( SECONDS - start >= WAIT_TIMEOUT )); then
      show_logs "$svc"
      die "$svc: not ready after ${WAIT_TIMEOUT}s (pid $(our_pid "$svc"), still running; 'infra.sh down $svc' stops it)"
    fi
    sleep 1
  done
  log "$svc: ready after $((SECONDS - start))s (pid $(our_pid "$svc"), RSS $(rss_mb "$(our_pid "$svc")") MB)"
}

rss_mb() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }

# ---------------------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------------------
cmd_up() {
  local svc pid to_wait=() running_ports
  for svc in "$@"; do
    if pid="$(our_pid "$svc")"; then
      running_ports="$(cat "$(ports_file "$svc")" 2>/dev/null || true)"
      if [[ -n "$running_ports" && "$running_ports" != "$(requested_ports "$svc")" ]]; then
        die "$svc: already running (pid $pid) on ports $running_ports, but ports $(requested_ports "$svc") were requested; 'infra.sh down $svc' first"
      fi
      check_ports_free "$svc" $(requested_ports "$svc")
      if service_ready "$svc"; then
        log "$svc: already running (pid $pid) and ready; nothing to do"
      else
        log "$svc: already running (pid $pid) but not ready yet; waiting"
        to_wait+=("$svc")
      fi
    else
      rm -f "$(pid_file "$svc")"
      # Check every port before any download or start, so a conflict fails fast.
      check_ports_free "$svc" $(requested_ports "$svc")
      to_wait+=("$svc")
    fi
  done
  # Start Kafka first, then build/start ES while Kafka boots; then wait for both.
  for svc in "${to_wait[@]}"; do
    our_pid "$svc" >/dev/null && continue
    mkdir -p "$STATE/$svc"
    "prepare_$svc"
    "start_$svc"
  done
  for svc in "${to_wait[@]}"; do
    wait_ready "$svc"
  done
}

stop_one() {
  local svc=$1 pid i
  if ! pid="$(our_pid "$svc")"; then
    if [[ -e "$(pid_file "$svc")" ]]; then
      log "$svc: not running (removing stale pid file)"
      rm -f "$(pid_file "$svc")"
    else
      log "$svc: not running"
    fi
    return 0
  fi
  log "$svc: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  echo "$pid"
}

wait_stopped() {
  local svc=$1 pid=$2 start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - start >= STOP_TIMEOUT )); then
      log "$svc: still alive after ${STOP_TIMEOUT}s; sending SIGKILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$(pid_file "$svc")"
  log "$svc: stopped after $((SECONDS - start))s"
}

cmd_down() {
  local svc pid pids=()
  # SIGTERM all first so both shut down in parallel, then wait for each.
  for svc in "$@"; do
    pid="$(stop_one "$svc")"
    pids+=("$svc:$pid")
  done
  for entry in "${pids[@]}"; do
    [[ -n "${entry#*:}" ]] && wait_stopped "${entry%%:*}" "${entry#*:}"
  done
  return 0
}

cmd_status() {
  local svc pid rc=0 port second pids
  for svc in "$@"; do
    read -r port second < <(effective_ports "$svc")
    if pid="$(our_pid "$svc")"; then
      if service_ready "$svc"; then
        printf '%-5s up        pid %s, RSS %s MB, %s\n' "$svc" "$pid" "$(rss_mb "$pid")" "$(endpoint "$svc" "$port")"
      else
        printf '%-5s starting  pid %s alive, readiness probe failing on %s\n' "$svc" "$pid" "$(endpoint "$svc" "$port")"
        rc=1
      fi
    else
      rc=1
      local foreign=""
      for p in "$port" "$second"; do
        if port_listening "$p"; then
          pids="$(listener_pids "$p" | tr '\n' ' ')"
          foreign+=" port $p held by a foreign process${pids:+ (pid ${pids% })};"
        fi
      done
      printf '%-5s down%s\n' "$svc" "${foreign:+      ${foreign%;}}"
    fi
  done
  return $rc
}

endpoint() {
  case $1 in
    kafka) echo "127.0.0.1:$2 (Kafka $KAFKA_VERSION)" ;;
    es) echo "http://127.0.0.1:$2 (Elasticsearch $ES_VERSION)" ;;
  esac
}

cmd_reset() {
  local svc
  cmd_down "$@"
  for svc in "$@"; do
    log "$svc: deleting data and logs under $STATE/$svc"
    rm -rf "$STATE/$svc/data" "$STATE/$svc/logs" "$STATE/$svc/tmp" "$(ports_file "$svc")"
  done
}

cmd_env() {
  echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  echo "ELASTICSEARCH_URL=http://127.0.0.1:$ES_HTTP_PORT"
}

main() {
  local cmd="${1:-}" services
  [[ -n "$cmd" ]] || usage
  shift
  case "${1:-all}" in
    all) services=("${ALL_SERVICES[@]}") ;;
    kafka | es) services=("$1") ;;
    *) usage ;;
  esac
  [[ $# -le 1 ]] || usage
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$ES_HTTP_PORT" "$ES_TRANSPORT_PORT"; do
    [[ "$p" =~ ^[0-9]+$ ]] || die "ports must be numbers (got '$p')"
  done

  case "$cmd" in
    up | down | reset)
      command -v "$JAVA" >/dev/null || die "java not found (JDK 17 required; set JAVA_HOME)"
      [[ "$cmd" != up ]] || command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ required)"
      [[ "$cmd" != up ]] || command -v curl >/dev/null || die "curl not found"
      mkdir -p "$STATE"
      # One infra.sh at a time per state dir (parallel test workers may all call `up`). fd 9 is closed for the JVMs.
      exec 9>"$STATE/.lock"
      flock -w 600 9 || die "another infra.sh holds $STATE/.lock"
      local t0=$SECONDS
      "cmd_$cmd" "${services[@]}"
      [[ "$cmd" != up ]] || log "up: done in $((SECONDS - t0))s"
      ;;
    status) cmd_status "${services[@]}" ;;
    env) cmd_env ;;
    *) usage ;;
  esac
}

main "$@"
