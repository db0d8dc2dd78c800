#!/usr/bin/env bash
# Start-up benchmark: whole-process wall time of `./lockdoctor status --observe 0s` against the local
# PostgreSQL server, next to the floor of any Java tool that talks to a database, measured in the same
# run: a bare pgjdbc client (bench/bare-jdbc/BareJdbc.java: one connection, one query), built here
# into its own jar with its own class data sharing archive and run with C1 only. Runs alternate;
# medians of wall time and of CPU time (user + system: steadier on a busy machine); the ratio is what
# travels between machines. Target: ratio <= 1.3.
#
# Environment: RUNS (default 11), PGURL, PGUSER, JAVA (default: java on PATH; the launcher uses the
# same one, so JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java measures the ahead-of-time cache),
# BASE_DIR (another checkout, e.g. a worktree of an earlier commit: its launcher is timed in the same
# runs, alternating, and compared).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS="${RUNS:-11}"
PGURL="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test}"
PGUSER="${PGUSER:-postgres}"
SCHEMA="ld_bench_startup"
WORK="${TMPDIR:-/tmp}/lockdoctor-bench-startup"
mkdir -p "$WORK"
if [[ -n "${JAVA:-}" ]]; then
  export PATH="$(dirname "$JAVA"):$PATH"
fi

psql -h 127.0.0.1 -U "$PGUSER" -d test -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;
  CREATE TABLE $SCHEMA.\"FLY_HFJ_MIGRATION\" (\"installed_rank\" INTEGER NOT NULL,\"version\" VARCHAR(50),
  \"description\" VARCHAR(200) NOT NULL,\"type\" VARCHAR(20) NOT NULL,\"script\" VARCHAR(1000) NOT NULL,
  \"checksum\" INTEGER,\"installed_by\" VARCHAR(100) NOT NULL,\"installed_on\" DATE NOT NULL,
  \"execution_time\" INTEGER NOT NULL,\"success\" boolean NOT NULL,\"result\" VARCHAR(100));
  INSERT INTO $SCHEMA.\"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, gen_random_uuid()::text, 'JDBC', 'HAPI FHIR', NULL,
  'V8_6_1', CURRENT_DATE - 3, 0, true, NULL);" >/dev/null
trap 'psql -h 127.0.0.1 -U "$PGUSER" -d test -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true' EXIT

./lockdoctor --version >/dev/null   # build and start-up cache, outside the timings

# The bare client: compiled against the pgjdbc version lockdoctor ships, its own jar and archive.
pgjdbc="$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)"
PGJAR="$HOME/.m2/repository/org/postgresql/postgresql/$pgjdbc/postgresql-$pgjdbc.jar"
[[ -f "$PGJAR" ]] || { echo "pgjdbc $pgjdbc not found at $PGJAR (build lockdoctor first)" >&2; exit 1; }
mkdir -p "$WORK/classes"
javac --release 17 -d "$WORK/classes" -cp "$PGJAR" bench/bare-jdbc/BareJdbc.java
printf 'Main-Class: BareJdbc\nClass-Path: %s\n' "$PGJAR" > "$WORK/manifest.txt"
jar --create --file "$WORK/bare.jar" --manifest "$WORK/manifest.txt" -C "$WORK/classes" .
SQL="SELECT count(*) FROM $SCHEMA.\"FLY_HFJ_MIGRATION\" WHERE installed_rank = -100"
rm -f "$WORK/bare.jsa"
java -XX:ArchiveClassesAtExit="$WORK/bare.jsa" -jar "$WORK/bare.jar" "$PGURL" "$PGUSER" "$SQL" > "$WORK/bare.out" 2>&1
BARE=(java -XX:SharedArchiveFile="$WORK/bare.jsa" -Xshare:auto -XX:TieredStopAtLevel=1 -jar "$WORK/bare.jar"
  "$PGURL" "$PGUSER" "$SQL")
LD=(./lockdoctor status --url "$PGURL" --user "$PGUSER" --schema "$SCHEMA" --observe 0s)
BASE=()
if [[ -n "${BASE_DIR:-}" ]]; then
  BASE=("$BASE_DIR/lockdoctor" "${LD[@]:1}")
  "$BASE_DIR/lockdoctor" --version > /dev/null   # its build and start-up cache, outside the timings
fi

# name, command...: "wall cpu" in milliseconds (cpu: user + system of the process and its children,
# steadier than wall time on a busy machine); output to a file, never /dev/null.
time_ms() {
  local name=$1 t
  shift
  t=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || true; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<< "$t"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"${BARE[@]}" > "$WORK/check-bare.out"
"${LD[@]}" > "$WORK/check-ld.out" 2>&1 || true
grep -q '^1$' "$WORK/check-bare.out" || { echo "bare client did not count the lock row" >&2; exit 1; }
grep -q 'FLY_HFJ_MIGRATION' "$WORK/check-ld.out" || { echo "lockdoctor status failed:" >&2; cat "$WORK/check-ld.out" >&2; exit 1; }
if [[ ${#BASE[@]} -gt 0 ]]; then
  "${BASE[@]}" > "$WORK/check-base.out" 2>&1 || true
  grep -q 'FLY_HFJ_MIGRATION' "$WORK/check-base.out" || { echo "$BASE_DIR's status failed:" >&2; cat "$WORK/check-base.out" >&2; exit 1; }
fi

bare=() status=() bare_cpu=() status_cpu=() base=() base_cpu=()
for _ in $(seq 1 "$RUNS"); do
  read -r w c < <(time_ms bare "${BARE[@]}"); bare+=("$w"); bare_cpu+=("$c")
  read -r w c < <(time_ms status "${LD[@]}"); status+=("$w"); status_cpu+=("$c")
  if [[ ${#BASE[@]} -gt 0 ]]; then
    read -r w c < <(time_ms base "${BASE[@]}"); base+=("$w"); base_cpu+=("$c")
  fi
done
b=$(printf '%s\n' "${bare[@]}" | median)
s=$(printf '%s\n' "${status[@]}" | median)
bc=$(printf '%s\n' "${bare_cpu[@]}" | median)
sc=$(printf '%s\n' "${status_cpu[@]}" | median)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bare client JVM: $(java -version 2>&1 | head -1)"
ldjvm=$(./lockdoctor --version | sed -n 2p)
feature=$(sed -n 's/^Java \([0-9]*\).*/\1/p' <<< "$ldjvm")
echo "lockdoctor JVM:  $ldjvm, start-up cache: $(cd cli/target && ls "lockdoctor-jdk$feature".{jsa,aot} 2>/dev/null | grep . || echo none)"
echo "runs: $RUNS, medians (ms): wall, cpu (user + system)"
printf '%-44s %6s %6s   wall runs: %s\n' "bare pgjdbc client (CDS, C1)" "$b" "$bc" "${bare[*]}"
printf '%-44s %6s %6s   wall runs: %s\n' "lockdoctor status --observe 0s" "$s" "$sc" "${status[*]}"
awk -v s="$s" -v b="$b" -v sc="$sc" -v bc="$bc" \
  'BEGIN { printf "ratio: %.2fx the bare client (target <= 1.3); cpu %.2fx\n", s / b, sc / bc }'
if [[ ${#BASE[@]} -gt 0 ]]; then
  o=$(printf '%s\n' "${base[@]}" | median)
  oc=$(printf '%s\n' "${base_cpu[@]}" | median)
  printf '%-44s %6s %6s   wall runs: %s\n' "$BASE_DIR's status" "$o" "$oc" "${base[*]}"
  awk -v s="$s" -v o="$o" -v b="$b" -v sc="$sc" -v oc="$oc" \
    'BEGIN { printf "against it: %.2fx its wall time, %.2fx its cpu; it was %.2fx the bare client\n", s / o, sc / oc, o / b }'
fi
