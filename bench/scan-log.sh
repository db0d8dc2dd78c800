#!/usr/bin/env bash
# Benchmark of the log scanner (issue 3): whole-process wall time of a scan against
#   LC_ALL=C grep -c -F HAPI-2153        (the floor for finding the code at all)
#   LC_ALL=C grep -c -F <every anchor>   (the byte anchors the scanner's prefilter looks for)
#   zcat FILE.gz | grep -c -F HAPI-2153  (for the gzip form)
# on the same generated 1 GiB log, warm page cache, medians of RUNS alternating runs.
# Target: scan <= 1.5x grep (plain) and <= 1.5x zcat|grep (gzip), with -Xmx64m, JVM start included.
#
# Environment:
#   SCAN_CMD   the scan command (default: ScanMain from core's test classes with -Xmx64m);
#              once the CLI command is wired: SCAN_CMD="./lockdoctor scan-log"
#   SIZE_MB    size of the generated log (default 1024)
#   RUNS       timed runs per command (default 5)
#   BENCH_2G=1 also scan a 2 GiB file with -Xmx64m and report the peak RSS
#   SKIP_BUILD=1 do not run Maven first
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK="${TMPDIR:-/tmp}/lockdoctor-bench"
SIZE_MB="${SIZE_MB:-1024}"
RUNS="${RUNS:-5}"
LOG="$WORK/bench-${SIZE_MB}m.log"
mkdir -p "$WORK"

if [[ -z "${SKIP_BUILD:-}" && -z "${SCAN_CMD:-}" ]]; then
  mvn -B -q -pl core -am test-compile >&2
fi
JAVA_OPTS=(-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=4)
SCAN_CMD="${SCAN_CMD:-java ${JAVA_OPTS[*]} -cp $ROOT/core/target/classes:$ROOT/core/target/test-classes io.lockdoctor.core.scan.ScanMain}"

if [[ ! -s "$LOG" ]]; then
  echo "generating $LOG ($SIZE_MB MiB) ..." >&2
  perl - "$((SIZE_MB * 1024 * 1024))" "$LOG" <<'PERL'
use strict; my ($target, $path) = @ARGV; srand(42);
open(my $o, '>', $path) or die "$path: $!";
my @lvl = qw(INFO INFO INFO INFO DEBUG WARN ERROR);
my @logger = ('c.u.f.j.s.SearchCoordinatorSvcImpl', 'ca.uhn.fhir.rest.server.RestfulServer',
  'o.h.engine.jdbc.spi.SqlExceptionHelper', 'c.u.f.jpa.dao.BaseHapiFhirDao', 'ca.cdr.api.log.Logs',
  'c.u.f.j.b.b2.JobMaintenanceServiceImpl', 'o.s.scheduling.quartz.LocalDataSourceJobStore');
my @msg = ('Processing request GET /fhir/Patient/%d/_history?_count=20 from 10.1.%d.7',
  'Search %d returned 20 results in 14ms (loaded 20 of them), available now',
  'Transaction with %d entries completed in 231ms, lock released',
  'Connection pool stats (total=10, active=%d, idle=9, waiting=0)',
  'Submitting job %d for processing on channel batch2-work-notification (took %dms)',
  'Failed to deliver subscription %d, retrying: java.net.SocketTimeoutException: Read timed out');
my @trace = ("\tat ca.uhn.fhir.jpa.dao.BaseHapiFhirResourceDao.read(BaseHapiFhirResourceDao.java:1234)",
  "\tat org.springframework.transaction.support.TransactionTemplate.execute(TransactionTemplate.java:140)",
  "\tat java.base/java.util.concurrent.locks.ReentrantLock.lock(ReentrantLock.java:322)",
  "\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:56)",
  "\tat java.base/java.lang.Thread.run(Thread.java:840)");
my $uuid = 'cc38089f-d3ab-4ac6-a65f-dcc0727cee10';
my $blocked = "ca.uhn.fhir.jpa.migrate.HapiMigrationException: HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no other database migration is running, then the previous migration did not shut down properly and the lock record needs to be deleted manually.  The lock record is located in the FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = $uuid\n";
my ($n, $i) = (0, 0); my $buf = '';
while ($n < $target) {
  $i++;
  my $t = sprintf("2025-03-11 %02d:%02d:%02d.%03d", ($i / 3600000) % 24, ($i / 60000) % 60, ($i / 1000) % 60, $i % 1000);
  my $s = sprintf("%s [http-nio-8000-exec-%d] %-5s %s %s\n", $t, $i % 40, $lvl[$i % 7], $logger[$i % 7], sprintf($msg[$i % 6], $i, $i % 250));
  if ($i % 40 == 0) { $s .= "org.hibernate.exception.LockAcquisitionException: could not execute statement\n" . join("\n", map { $trace[($i + $_) % 5] } 0..11) . "\n"; }
  if ($i % 2500000 == 0) {
    $s .= "$t [main] INFO  c.u.f.jpa.migrate.HapiMigrationLock Migration Lock Row added. [uuid=$uuid]\n" if $i == 2500000;
    $s .= "$t [main] INFO  c.u.f.jpa.migrate.HapiMigrationLock Waiting for lock on FLY_HFJ_MIGRATION.  Retry 1/50\n";
    $s .= "$t [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed\n$blocked" . join("\n", @trace[0..2]) . "\n";
  }
  $buf .= $s; $n += length($s);
  if (length($buf) > 1 << 20) { print $o $buf; $buf = ''; }
}
print $o $buf; close($o);
PERL
fi
if [[ ! -s "$LOG.gz" || "$LOG.gz" -ot "$LOG" ]]; then
  echo "compressing $LOG.gz ..." >&2
  gzip -1 -c "$LOG" > "$LOG.gz"
fi

cat "$LOG" "$LOG.gz" > /dev/null  # warm page cache

now() { date +%s%N; }
declare -A TIMES
run() {  # name, command...
  local name=$1; shift
  local t0 t1
  # Not > /dev/null: GNU grep then stops at the first match, as with -q.
  t0=$(now); "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || true; t1=$(now)
  TIMES[$name]+="$(( (t1 - t0) / 1000000 )) "
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

check=$($SCAN_CMD "$LOG" | head -1 || true)
echo "scan output: $check"
for ((r = 1; r <= RUNS; r++)); do
  run grep        env LC_ALL=C grep -c -F HAPI-2153 "$LOG"
  run grep_anchor env LC_ALL=C grep -c -F -e lock -e Lock -e fail -e Fail "$LOG"
  run scan        $SCAN_CMD "$LOG"
  run zcat_grep   bash -c "zcat '$LOG.gz' | LC_ALL=C grep -c -F HAPI-2153"
  run scan_gz     $SCAN_CMD "$LOG.gz"
done

declare -A MED
for k in grep grep_anchor scan zcat_grep scan_gz; do MED[$k]=$(echo "${TIMES[$k]}" | median); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); file $(du -h "$LOG" | cut -f1), gz $(du -h "$LOG.gz" | cut -f1); median of $RUNS runs (ms)"
printf '%-42s %8s\n' "LC_ALL=C grep -c -F HAPI-2153" "${MED[grep]}"
printf '%-42s %8s\n' "LC_ALL=C grep -c -F lock|Lock|fail|Fail" "${MED[grep_anchor]}"
printf '%-42s %8s   x%s vs grep   x%s vs grep-anchors   (target <= 1.5)\n' "scan (plain)" "${MED[scan]}" \
  "$(ratio "${MED[scan]}" "${MED[grep]}")" "$(ratio "${MED[scan]}" "${MED[grep_anchor]}")"
printf '%-42s %8s\n' "zcat | grep -c -F HAPI-2153" "${MED[zcat_grep]}"
printf '%-42s %8s   x%s vs zcat|grep   (target <= 1.5)\n' "scan (gzip)" "${MED[scan_gz]}" \
  "$(ratio "${MED[scan_gz]}" "${MED[zcat_grep]}")"
echo "all runs (ms):"; for k in grep grep_anchor scan zcat_grep scan_gz; do echo "  $k: ${TIMES[$k]}"; done

if [[ -n "${BENCH_2G:-}" ]]; then
  BIG="$WORK/bench-2g.log"
  [[ -s "$BIG" ]] || cat "$LOG" "$LOG" > "$BIG"
  echo; echo "2 GiB file with -Xmx64m:"
  /usr/bin/time -f "  wall %e s, peak RSS %M KB (mapped page cache included)" $SCAN_CMD "$BIG" | tail -1
fi
