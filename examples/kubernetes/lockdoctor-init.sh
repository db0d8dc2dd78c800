#!/bin/sh
# Kubernetes init container for a Smile CDR / HAPI FHIR pod: let the server start only when no
# migration lock stands in its way, on lockdoctor's exit-code contract. Arguments go to
# `lockdoctor status` (e.g. --smile-config /opt/smilecdr --module persistence).
#   0 no lock, 6 no history table yet (a new database): start. A database that does not exist at
#     all (an embedded H2 path with a typo) is an error, never a new database.
#   4 a migration is running elsewhere: wait, then fail so Kubernetes retries the init container.
#   3 a stale lock: a human decides (lockdoctor doctor, then export or clear); fail.
#   5 uncertain, 1 error, 2 usage: fail.
LOCKDOCTOR="${LOCKDOCTOR:-java -jar /opt/lockdoctor/lockdoctor.jar}"
$LOCKDOCTOR status "$@"
code=$?
case "$code" in
  0|6) exit 0 ;;
  4) echo "lockdoctor-init: a migration is running on this database; retrying later" >&2
     sleep "${LOCKDOCTOR_RETRY_SECONDS:-60}"
     exit 1 ;;
  3) echo "lockdoctor-init: a stale migration lock blocks the start: run 'lockdoctor doctor' and clear it" >&2
     exit 1 ;;
  *) echo "lockdoctor-init: lockdoctor status exited $code; not starting" >&2
     exit 1 ;;
esac
