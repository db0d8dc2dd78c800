#!/bin/sh
# Metrics for Prometheus from a Kubernetes CronJob: run `lockdoctor status --format openmetrics` and
# push the result to a Prometheus Pushgateway. Arguments go to `lockdoctor status`
# (e.g. --smile-config /opt/smilecdr). The verdicts travel in the metrics, so a stale or active lock
# (exit 3, 4, 5) or a database that could not be inspected (1) is not a failed job; only a run that
# wrote no metrics at all, or a failed push, is.
LOCKDOCTOR="${LOCKDOCTOR:-java -jar /opt/lockdoctor/lockdoctor.jar}"
PUSHGATEWAY_URL="${PUSHGATEWAY_URL:?set PUSHGATEWAY_URL, e.g. http://pushgateway.monitoring:9091}"
JOB="${LOCKDOCTOR_JOB:-lockdoctor}"
metrics="${TMPDIR:-/tmp}/lockdoctor.prom"
rm -f "$metrics"
$LOCKDOCTOR status --format openmetrics --output "$metrics" "$@"
code=$?
if [ ! -s "$metrics" ]; then
  echo "lockdoctor-metrics: lockdoctor status exited $code and wrote no metrics" >&2
  exit 1
fi
# PUT replaces every series of the job: a table that is gone does not linger.
curl --fail --silent --show-error --request PUT --data-binary "@$metrics" "$PUSHGATEWAY_URL/metrics/job/$JOB" || exit 1
echo "lockdoctor-metrics: pushed (lockdoctor status exited $code)"
