#!/bin/sh
# Kubernetes init container for a Smile CDR / HAPI FHIR pod: start the server only when no migration
# lock stands in its way, waiting politely while another node migrates. Arguments go to
# `lockdoctor wait` (e.g. --smile-config /opt/smilecdr --module persistence --max-wait 6h).
#   0 no lock, or no history table yet (a new database): start. A database that does not exist at
#     all (an embedded H2 path with a typo) is an error, never a new database.
#   While a migration runs elsewhere (ACTIVE or UNCERTAIN), lockdoctor wait keeps waiting and logs
#     its progress; 4 or 5 mean --max-wait ran out: fail, Kubernetes retries the init container.
#   3 a stale lock: waiting will never end it; a human decides (lockdoctor doctor, then export or
#     clear): fail.
#   1 error (after a few retries of a lost connection), 2 usage: fail.
LOCKDOCTOR="${LOCKDOCTOR:-java -jar /opt/lockdoctor/lockdoctor.jar}"
$LOCKDOCTOR wait "$@"
code=$?
case "$code" in
  0) exit 0 ;;
  3) echo "lockdoctor-init: a stale migration lock blocks the start: run 'lockdoctor doctor' and clear it" >&2
     exit 1 ;;
  4|5) echo "lockdoctor-init: the migration lock is still held after --max-wait; not starting yet" >&2
     exit 1 ;;
  *) echo "lockdoctor-init: lockdoctor wait exited $code; not starting" >&2
     exit 1 ;;
esac
