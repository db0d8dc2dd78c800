#!/usr/bin/env bash
# Mutation testing of the safety rules: PIT mutates the engine's classes that decide verdicts
# (VerdictRules and the evidence it reads), gather evidence (the observe window), clear (LockTarget,
# LockClearer, the audit) and the export decision (cli.ExportCommand), and runs core's unit tests and the H2 in-memory tests against each mutant
# (profile `mutation` in cli/pom.xml; no database server needed).
# Prints the share of mutants killed per class, then the survivors not listed with their reason
# in bench/mutation-equivalents.txt. Extra arguments go to Maven, e.g.
#   bench/mutation.sh -Dmutation.tests='io.lockdoctor.core.Verdict*Test'    (one part, fast)
#   bench/mutation.sh -Dmutation.targets='io.lockdoctor.core.Window*' \
#       -Dmutation.tests='io.lockdoctor.core.Window*Test'                  (a few classes, their unit tests)
#   bench/mutation.sh -o                                   (offline, once PIT is in ~/.m2)
#   bench/mutation.sh -Dmutation.threads=4
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
mkdir -p cli/target
mvn -B -Dstyle.color=never -P mutation -pl cli -am verify -Dmaven.test.skip.exec=true "$@" \
    > cli/target/mutation.log 2>&1 || { tail -40 cli/target/mutation.log; echo "mutation run failed; see cli/target/mutation.log" >&2; exit 1; }
grep -E 'did not pass without mutation' cli/target/mutation.log | sed 's/.*name=\[[^]]*\]\/\[class:\([^]]*\)\]\/\[method:\([^]]*\)\].*/left out (failed before any mutation): \1 \2/' || true
python3 - cli/target/pit-reports/mutations.xml bench/mutation-equivalents.txt "$(( $(date +%s) - start ))" <<'PY'
import sys, xml.etree.ElementTree as ET
from collections import defaultdict
report, equivalents_file, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Each line of the equivalents file: Class.method:line:MUTATOR  reason   ('#' starts a comment)
equivalent = {}
for raw in open(equivalents_file, encoding='utf-8'):
    line = raw.split('#', 1)[0].strip()
    if line:
        key, _, reason = line.partition(' ')
        equivalent[key] = reason.strip()
per = defaultdict(lambda: [0, 0, 0])  # killed, equivalent, total
survivors = []
for m in ET.parse(report).getroot():
    cls = m.findtext('mutatedClass')
    outer = cls.split('$', 1)[0]
    key = f"{outer.rsplit('.', 1)[1]}.{m.findtext('mutatedMethod')}:{m.findtext('lineNumber')}:{m.findtext('mutator').rsplit('.', 1)[-1]}"
    per[outer][2] += 1
    if m.get('detected') == 'true':
        per[outer][0] += 1
    elif key in equivalent:
        per[outer][1] += 1
    else:
        survivors.append(f"{key}  [{m.get('status')}] {m.findtext('description')}")
print(f"{'class':40} {'killed':>7} {'equiv.':>7} {'total':>6} {'score':>7}")
tk = te = tt = 0
for outer in sorted(per):
    k, e, t = per[outer]
    tk, te, tt = tk + k, te + e, tt + t
    print(f"{outer:40} {k:7} {e:7} {t:6} {100.0 * k / max(1, t - e):6.1f}%")
print(f"{'all':40} {tk:7} {te:7} {tt:6} {100.0 * tk / max(1, tt - te):6.1f}%   (score = killed / (total - equivalent))")
print(f"run took {seconds // 60} min {seconds % 60} s; report: cli/target/pit-reports/index.html")
if survivors:
    print(f"\n{len(survivors)} surviving mutants not listed in {equivalents_file}:")
    print('\n'.join(sorted(survivors)))
PY
