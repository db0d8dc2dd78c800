package io.lockdoctor.core.doctor;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.scan.ScanResult;
import java.util.List;

/**
 * The runbook one-shot's answer: the database reports, what the logs said, how the two agree,
 * the verdict in one sentence and the exact next steps.
 *
 * @param logs the scan of the server logs given, null when none were
 */
public record Diagnosis(Verdict verdict, String summary, List<DatabaseReport> databases, ScanResult logs,
        List<LogCrossCheck> crossChecks, List<NextStep> nextSteps) {

    public Diagnosis {
        databases = List.copyOf(databases);
        crossChecks = List.copyOf(crossChecks);
        nextSteps = List.copyOf(nextSteps);
    }
}
