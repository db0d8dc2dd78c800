#!/usr/bin/env bash
# Start-up benchmark (issue 8): whole-process wall time of `./lockdoctor status --observe 0s` against
# the local PostgreSQL server (median of RUNS), next to `java -version` in the same run as the floor.
# Target: median at most 0.6 s on the project's 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-11}"
PGURL="${PGURL:-jdbc:postgresql://127.0.0.1:5432/test}"
PGUSER="${PGUSER:-postgres}"
SCHEMA="ld_bench_startup"

psql -h 127.0.0.1 -U "$PGUSER" -d test -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;
  CREATE TABLE $SCHEMA.\"FLY_HFJ_MIGRATION\" (\"installed_rank\" INTEGER NOT NULL,\"version\" VARCHAR(50),
  \"description\" VARCHAR(200) NOT NULL,\"type\" VARCHAR(20) NOT NULL,\"script\" VARCHAR(1000) NOT NULL,
  \"checksum\" INTEGER,\"installed_by\" VARCHAR(100) NOT NULL,\"installed_on\" DATE NOT NULL,
  \"execution_time\" INTEGER NOT NULL,\"success\" boolean NOT NULL,\"result\" VARCHAR(100));
  INSERT INTO $SCHEMA.\"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, gen_random_uuid()::text, 'JDBC', 'HAPI FHIR', NULL,
  'V8_6_1', CURRENT_DATE - 3, 0, true, NULL);"
trap 'psql -h 127.0.0.1 -U "$PGUSER" -d test -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true' EXIT

./lockdoctor --version >/dev/null   # build and class data archive, outside the timings

time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

floor=() status=()
for _ in $(seq 1 "$RUNS"); do
  floor+=("$(time_ms java -version)")
  status+=("$(time_ms ./lockdoctor status --url "$PGURL" --user "$PGUSER" --schema "$SCHEMA" --observe 0s)")
done
f=$(printf '%s\n' "${floor[@]}" | median)
s=$(printf '%s\n' "${status[@]}" | median)
echo "runs: $RUNS; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java -version (floor):                 median ${f} ms"
echo "lockdoctor status --observe 0s (PG):   median ${s} ms   (target <= 600 ms)"
