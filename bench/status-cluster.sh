#!/usr/bin/env bash
# Benchmark of whole-cluster inspection (issue 7): the wall time of one `lockdoctor status` over a
# Smile CDR configuration naming N databases on the local PostgreSQL server (half of them holding a
# stale lock), next to `lockdoctor status` on one of those databases, in the same run.
# Target: the N-database run takes at most 1.5x the single-database run (observe windows run in parallel).
#
# Environment: N (databases, default 20), RUNS (timed runs each, median reported, default 3),
#   OBSERVE (observe window, default 10s), PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-20}"
RUNS="${RUNS:-3}"
OBSERVE="${OBSERVE:-10s}"
PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
WORK="${TMPDIR:-/tmp}/lockdoctor-bench-cluster"
mkdir -p "$WORK"

./lockdoctor --version >/dev/null   # builds the jar when needed, outside the timings
JAR=cli/target/lockdoctor.jar

cleanup() {
  for i in $(seq -w 1 "$N"); do psql -qAtc "DROP DATABASE IF EXISTS ld_bench_$i" postgres >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

echo "creating $N databases (half with a stale lock) ..." >&2
CONFIG="$WORK/cdr-config-Master.properties"
: > "$CONFIG"
for i in $(seq -w 1 "$N"); do
  db="ld_bench_$i"
  psql -qAtc "DROP DATABASE IF EXISTS $db" postgres >/dev/null
  psql -qAtc "CREATE DATABASE $db" postgres >/dev/null
  psql -qAt "$db" >/dev/null <<SQL
CREATE TABLE "FLY_HFJ_MIGRATION" ("installed_rank" INTEGER NOT NULL,"version" VARCHAR(50),"description" VARCHAR(200) NOT NULL,"type" VARCHAR(20) NOT NULL,"script" VARCHAR(1000) NOT NULL,"checksum" INTEGER,"installed_by" VARCHAR(100) NOT NULL,"installed_on" DATE NOT NULL,"execution_time" INTEGER NOT NULL,"success" boolean NOT NULL,"result" VARCHAR(100));
CREATE UNIQUE INDEX "FLY_HFJ_MIGRATION_PK_INDEX" ON "FLY_HFJ_MIGRATION" ("installed_rank");
INSERT INTO "FLY_HFJ_MIGRATION" SELECT g, '8.6.1.20250101.' || g, 'task ' || g, 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', DATE '2025-01-01', 10, true, 'APPLIED' FROM generate_series(1, 500) g;
SQL
  if (( 10#$i % 2 == 1 )); then
    psql -qAt "$db" -c "INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, gen_random_uuid()::text, 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE - 5, 0, true, NULL)" >/dev/null
  fi
  printf 'module.db%s.type=PERSISTENCE_R4\nmodule.db%s.config.db.driver=POSTGRES_9_4\nmodule.db%s.config.db.url=jdbc:postgresql://%s:%s/%s\nmodule.db%s.config.db.username=%s\n' \
    "$i" "$i" "$i" "$PGHOST" "$PGPORT" "$db" "$i" "$PGUSER" >> "$CONFIG"
done
echo "node.propertysource=PROPERTIES" >> "$CONFIG"

time_ms() { # prints wall milliseconds of "$@", ignoring its exit code
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

single=() cluster=()
for _ in $(seq 1 "$RUNS"); do
  single+=("$(time_ms java -jar "$JAR" status --url "jdbc:postgresql://$PGHOST:$PGPORT/ld_bench_01" --user "$PGUSER" --observe "$OBSERVE")")
  cluster+=("$(time_ms java -jar "$JAR" status --smile-config "$CONFIG" --observe "$OBSERVE")")
done
s=$(printf '%s\n' "${single[@]}" | median)
c=$(printf '%s\n' "${cluster[@]}" | median)
stale=$(java -jar "$JAR" status --smile-config "$CONFIG" --observe 1s 2>/dev/null | grep -c "Verdict: STALE" || true)
echo "check run (1s window): $stale of $(( (N + 1) / 2 )) locked databases judged STALE"
echo "observe window: $OBSERVE, runs: $RUNS (median)"
echo "status, 1 database:    ${s} ms   (runs: ${single[*]})"
echo "status, $N databases:  ${c} ms   (runs: ${cluster[*]})"
awk -v c="$c" -v s="$s" 'BEGIN { printf "ratio: %.2fx (target <= 1.5x)\n", c / s }'
