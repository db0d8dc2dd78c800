#!/usr/bin/env bash
# Scale benchmark (issue 8): a history table of ROWS rows (default 1,000,000) on the local PostgreSQL
# server; `status` (aggregate queries only) and `history` (streamed) must work with -Xmx64m.
# Prints the wall time and exit code of each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"
PGUSER="${PGUSER:-postgres}"
DB=ld_bench_scale
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"

psql -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
trap 'psql -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
echo "filling FLY_HFJ_MIGRATION with $ROWS rows ..." >&2
psql -U "$PGUSER" -d "$DB" -q <<SQL
CREATE TABLE "FLY_HFJ_MIGRATION" ("installed_rank" INTEGER NOT NULL,"version" VARCHAR(50),"description" VARCHAR(200) NOT NULL,"type" VARCHAR(20) NOT NULL,"script" VARCHAR(1000) NOT NULL,"checksum" INTEGER,"installed_by" VARCHAR(100) NOT NULL,"installed_on" DATE NOT NULL,"execution_time" INTEGER NOT NULL,"success" boolean NOT NULL,"result" VARCHAR(100));
INSERT INTO "FLY_HFJ_MIGRATION" SELECT g, '8.6.1.20250101.' || g, 'Add index IDX_' || g || ' on HFJ_SPIDX_STRING', 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', DATE '2025-01-01' + (g % 300), g % 5000, g % 10007 <> 0, CASE WHEN g % 10007 <> 0 THEN 'APPLIED' END FROM generate_series(1, $ROWS) g;
CREATE UNIQUE INDEX "FLY_HFJ_MIGRATION_PK_INDEX" ON "FLY_HFJ_MIGRATION" ("installed_rank");
INSERT INTO "FLY_HFJ_MIGRATION" VALUES (-100, NULL, gen_random_uuid()::text, 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE - 3, 0, true, NULL);
ANALYZE "FLY_HFJ_MIGRATION";
SQL

./lockdoctor --version >/dev/null
export LOCKDOCTOR_JAVA_OPTS="-Xmx64m"
run() { # label, command...
  local start end code=0
  start=$(date +%s%N)
  "${@:2}" > "${TMPDIR:-/tmp}/lockdoctor-scale.out" 2>&1 || code=$?
  end=$(date +%s%N)
  printf '%-44s %6d ms  exit %d  output %s bytes\n' "$1" $(( (end - start) / 1000000 )) "$code" \
    "$(wc -c < "${TMPDIR:-/tmp}/lockdoctor-scale.out")"
}
echo "rows: $ROWS, JVM: -Xmx64m"
run "status --observe 0s" ./lockdoctor status --url "$URL" --user "$PGUSER" --observe 0s
run "status (10s observe window)" ./lockdoctor status --url "$URL" --user "$PGUSER"
run "history --limit 100" ./lockdoctor history --url "$URL" --user "$PGUSER" --limit 100
run "history --failed" ./lockdoctor history --url "$URL" --user "$PGUSER" --failed
run "history --format csv (all rows)" ./lockdoctor history --url "$URL" --user "$PGUSER" --format csv
run "history --format json (all rows)" ./lockdoctor history --url "$URL" --user "$PGUSER" --format json
