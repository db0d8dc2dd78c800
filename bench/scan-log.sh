#!/usr/bin/env bash
# Benchmark of `lockdoctor scan-log`, whole process (JVM start included, -Xmx64m), against the tool an
# operator would use instead, measured in the same run on the same generated files (warm page cache),
# runs alternating, medians, ratios:
#   plain      a 1 GiB Logback log with stack traces and a few lock messages  vs  LC_ALL=C grep -c -F HAPI-2153
#   gzip       the same, gzip -1                                            vs  zcat | LC_ALL=C grep -c -F HAPI-2153
#   crash loop a 1 GiB log of a crash-looping node (every start waits 49 times, then HAPI-2153)
#                                                                           vs  LC_ALL=C grep -c -F HAPI-2153
# Targets (wall time): plain <= 1.0, gzip <= 1.0, crash loop <= 2.0. The CPU time of each (user +
# system) is printed next to it: on a machine shared with other work it moves less than wall time.
# The same command on a one-line file is timed too: the start-up every scan pays, whatever its size.
# A reference's output goes to a file: with > /dev/null GNU grep stops at the first match.
#
# Environment:
#   SCAN_CMD   the scan command (default: ./lockdoctor scan-log --format json, with -Xmx64m)
#   SIZE_MB    size of each generated log (default 1024)
#   RUNS       timed runs per command (default 5)
#   BENCH_2G=1 also scan a 2 GiB file with -Xmx64m and report the peak RSS
#   CRASH_FORMATS  the crash loop also in other line formats, each against grep (no target): any of
#              iso (ISO-8601 times with a zone), cri (every line in a CRI record), json (Logstash),
#              e.g. CRASH_FORMATS="iso cri json"
#   BASE_CMD   another build's scan command (e.g. /path/to/other/checkout/lockdoctor scan-log --format json),
#              timed in the same runs, alternating, on the plain, crash-loop and one-line files
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${TMPDIR:-/tmp}/lockdoctor-bench"
SIZE_MB="${SIZE_MB:-1024}"
RUNS="${RUNS:-5}"
LOG="$WORK/bench-${SIZE_MB}m.log"
CRASH="$WORK/crash-loop-${SIZE_MB}m.log"
mkdir -p "$WORK"

export LOCKDOCTOR_JAVA_OPTS="${LOCKDOCTOR_JAVA_OPTS:--Xmx64m}"
./lockdoctor --version > "$WORK/version.out"   # build and start-up cache, outside the timings
SCAN_CMD="${SCAN_CMD:-./lockdoctor scan-log --format json}"

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
# The crash loop as Logback writes it by default, or (CRASH_FORMATS) in another line format.
crash_loop() {  # format, path
  [[ -s "$2" ]] && return
  echo "generating $2 ($SIZE_MB MiB, $1) ..." >&2
  perl - "$((SIZE_MB * 1024 * 1024))" "$2" "$1" <<'PERL'
use strict; my ($target, $path, $fmt) = @ARGV;
open(my $o, '>', $path) or die "$path: $!";
my $uuid = 'cc38089f-d3ab-4ac6-a65f-dcc0727cee10';
my @frames = map { "\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:$_)" } 100..130;
my ($n, $t, $r, $buf) = (0, 1741662000, 0, '');
sub ts { my @g = gmtime($_[0]); sprintf("%04d-%02d-%02d %02d:%02d:%02d.%03d", $g[5] + 1900, $g[4] + 1, $g[3], $g[2], $g[1], $g[0], $_[1]); }
while ($n < $target) {
  $r++; my $s = '';
  $s .= ts($t, 12) . " [main] INFO  ca.cdr.app.App Starting Smile CDR (restart $r)\n";
  $s .= ts($t, 40) . " [main] INFO  com.zaxxer.hikari.HikariDataSource HikariPool-1 - Starting...\n";
  $s .= ts($t, 90) . " [main] INFO  c.u.f.jpa.migrate.HapiMigrator Migrating database to the latest schema\n";
  for my $i (1..49) { $t++; $s .= ts($t, 100 + $i) . " [main] INFO  c.u.f.jpa.migrate.HapiMigrationLock Waiting for lock on FLY_HFJ_MIGRATION.  Retry $i/50\n"; }
  $t++;
  $s .= ts($t, 300) . " [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed\n";
  $s .= "ca.uhn.fhir.jpa.migrate.HapiMigrationException: HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no other database migration is running, then the previous migration did not shut down properly and the lock record needs to be deleted manually.  The lock record is located in the FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = $uuid\n";
  $s .= join("\n", @frames) . "\n";
  $s = reformat($s) if $fmt ne 'logback';
  $t += 10; $buf .= $s; $n += length($s);
  if (length($buf) > 1 << 20) { print $o $buf; $buf = ''; }
}
print $o $buf; close($o);
# A start's lines as events (a timestamped line and the lines under it), written in $fmt: iso (ISO-8601
# times with a zone), cri (each line in a CRI record, as a node keeps a pod's log), json (Logstash).
sub reformat {
  my @events;
  for my $l (split /\n/, $_[0]) { if ($l =~ /^\d{4}-/) { push @events, [$l] } else { push @{$events[-1]}, $l } }
  my $out = '';
  for my $e (@events) {
    my ($ts, $rest) = $e->[0] =~ /^(\S+ \S+) (.*)$/;
    (my $iso = $ts) =~ s/ /T/; $iso .= 'Z';
    my @lines = ("$iso $rest", @$e[1 .. $#$e]);
    if ($fmt eq 'iso') { $out .= join("\n", @lines) . "\n" }
    elsif ($fmt eq 'cri') { $out .= join('', map { "$iso stdout F $_\n" } @lines) }
    elsif ($fmt eq 'json') {
      my ($lvl, $logger, $msg) = $rest =~ /^\[main\] (\S+)\s+(\S+) (.*)$/;
      my $m = join("\n", $msg, @$e[1 .. $#$e]);
      $m =~ s/\\/\\\\/g; $m =~ s/"/\\"/g; $m =~ s/\t/\\t/g; $m =~ s/\n/\\n/g;
      $out .= "{\"\@timestamp\":\"$iso\",\"level\":\"$lvl\",\"logger_name\":\"$logger\",\"thread_name\":\"main\",\"message\":\"$m\"}\n";
    } else { die "unknown format $fmt" }
  }
  return $out;
}
PERL
}
crash_loop logback "$CRASH"
CRASH_FORMATS="${CRASH_FORMATS:-}"
crash_file() { echo "$WORK/crash-loop-$1-${SIZE_MB}m.log"; }
for fmt in $CRASH_FORMATS; do
  crash_loop "$fmt" "$(crash_file "$fmt")"
done
if [[ ! -s "$LOG.gz" || "$LOG.gz" -ot "$LOG" ]]; then
  echo "compressing $LOG.gz ..." >&2
  gzip -1 -c "$LOG" > "$LOG.gz"
fi

TINY="$WORK/one-line.log"
echo "2025-03-11 10:00:00.000 [main] INFO  c.u.f.Noise nothing to see" > "$TINY"
cat "$LOG" "$LOG.gz" "$CRASH" $(for fmt in $CRASH_FORMATS; do crash_file "$fmt"; done) > /dev/null  # warm page cache

now() { date +%s%N; }
declare -A TIMES CPU
run() {  # name, command...
  local name=$1; shift
  local t0 t1
  # Not > /dev/null: GNU grep then stops at the first match, as with -q.
  t0=$(now); /usr/bin/time -f '%U %S' -o "$WORK/$name.cpu" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || true
  t1=$(now)
  TIMES[$name]+="$(( (t1 - t0) / 1000000 )) "
  # CPU time (user + system, children included): steadier than wall time on a loaded machine.
  CPU[$name]+="$(tail -1 "$WORK/$name.cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }') "
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for f in "$LOG" "$CRASH" $(for fmt in $CRASH_FORMATS; do crash_file "$fmt"; done); do
  rc=0; $SCAN_CMD "$f" > "$WORK/check.out" || rc=$?
  # 6: no lock message, which a small SIZE_MB can give
  [[ $rc == 0 || $rc == 6 ]] || { echo "scan of $f failed (exit $rc)" >&2; exit 1; }
  echo "check: $(basename "$f"): $(grep -o '"occurrences" *: *[0-9]*' "$WORK/check.out" | head -1), grep: $(LC_ALL=C grep -c -F HAPI-2153 "$f")"
done
# The other build's start-up cache and build, outside the timings (exit 6: no lock message).
[[ -z "${BASE_CMD:-}" ]] || $BASE_CMD "$TINY" > "$WORK/base-check.out" 2>&1 || [[ $? == 6 ]]
for ((r = 1; r <= RUNS; r++)); do
  run grep        env LC_ALL=C grep -c -F HAPI-2153 "$LOG"
  run scan        $SCAN_CMD "$LOG"
  run zcat_grep   bash -c "zcat '$LOG.gz' | LC_ALL=C grep -c -F HAPI-2153"
  run scan_gz     $SCAN_CMD "$LOG.gz"
  run grep_crash  env LC_ALL=C grep -c -F HAPI-2153 "$CRASH"
  run scan_crash  $SCAN_CMD "$CRASH"
  run scan_tiny   $SCAN_CMD "$TINY"
  for fmt in $CRASH_FORMATS; do
    run "grep_$fmt" env LC_ALL=C grep -c -F HAPI-2153 "$(crash_file "$fmt")"
    run "scan_$fmt" $SCAN_CMD "$(crash_file "$fmt")"
  done
  if [[ -n "${BASE_CMD:-}" ]]; then
    run base        $BASE_CMD "$LOG"
    run base_crash  $BASE_CMD "$CRASH"
    run base_tiny   $BASE_CMD "$TINY"
  fi
done

declare -A MED MEDCPU
KEYS=(grep scan zcat_grep scan_gz grep_crash scan_crash scan_tiny)
for fmt in $CRASH_FORMATS; do KEYS+=("grep_$fmt" "scan_$fmt"); done
[[ -z "${BASE_CMD:-}" ]] || KEYS+=(base base_crash base_tiny)
for k in "${KEYS[@]}"; do
  MED[$k]=$(echo "${TIMES[$k]}" | median)
  MEDCPU[$k]=$(echo "${CPU[$k]}" | median)
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
line() {  # label, scan key, reference label, reference key, target
  printf '%-22s %6s ms  %-30s %6s ms  ratio %5s (%s)  CPU %6s / %6s ms, ratio %s\n' "$1" "${MED[$2]}" \
    "$3" "${MED[$4]}" "$(ratio "${MED[$2]}" "${MED[$4]}")" "$5" "${MEDCPU[$2]}" "${MEDCPU[$4]}" \
    "$(ratio "${MEDCPU[$2]}" "${MEDCPU[$4]}")"
}
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "files: plain $(du -h "$LOG" | cut -f1), gzip $(du -h "$LOG.gz" | cut -f1), crash loop $(du -h "$CRASH" | cut -f1); median of $RUNS runs, wall time"
line "scan-log (plain)" scan "LC_ALL=C grep -c -F HAPI-2153" grep "target <= 1.0"
line "scan-log (gzip)" scan_gz "zcat | grep -c -F HAPI-2153" zcat_grep "target <= 1.0"
line "scan-log (crash loop)" scan_crash "LC_ALL=C grep -c -F HAPI-2153" grep_crash "target <= 2.0"
for fmt in $CRASH_FORMATS; do
  line "crash loop ($fmt)" "scan_$fmt" "LC_ALL=C grep -c -F HAPI-2153" "grep_$fmt" "no target"
done
printf '%-22s %6s ms  (CPU %s ms): the start-up in each scan above\n' "scan-log (one line)" "${MED[scan_tiny]}" \
  "${MEDCPU[scan_tiny]}"
if [[ -n "${BASE_CMD:-}" ]]; then
  echo "against $BASE_CMD, same runs (this build / that one, wall):"
  for pair in "plain:scan:base" "crash loop:scan_crash:base_crash" "one line:scan_tiny:base_tiny"; do
    IFS=: read -r label mine theirs <<< "$pair"
    printf '  %-11s %6s ms against %6s ms: %s (CPU %s / %s ms)\n' "$label" "${MED[$mine]}" "${MED[$theirs]}" \
      "$(ratio "${MED[$mine]}" "${MED[$theirs]}")" "${MEDCPU[$mine]}" "${MEDCPU[$theirs]}"
  done
fi
echo "all runs, wall ms (CPU ms):"
for k in "${KEYS[@]}"; do
  echo "  $k: ${TIMES[$k]}(${CPU[$k]% })"
done

if [[ -n "${BENCH_2G:-}" ]]; then
  BIG="$WORK/bench-2g.log"
  [[ -s "$BIG" ]] || cat "$LOG" "$LOG" > "$BIG"
  echo; echo "2 GiB file with -Xmx64m:"
  /usr/bin/time -f "  wall %e s, peak RSS %M KB" $SCAN_CMD "$BIG" > "$WORK/big.out"
fi
