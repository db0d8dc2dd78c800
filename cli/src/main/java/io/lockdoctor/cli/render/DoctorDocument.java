package io.lockdoctor.cli.render;

import io.lockdoctor.core.doctor.Diagnosis;
import io.lockdoctor.core.doctor.LogCrossCheck;
import java.util.List;

/**
 * The {@code doctor} JSON document: the {@code status} document's fields, plus {@code logs} (the
 * {@code scan-log} document, null without --log) and {@code nextSteps} (README, JSON); {@code summary}
 * and {@code crossChecks} are additions.
 */
public record DoctorDocument(String verdict, String summary, List<StatusDocument.Database> databases,
        ScanLogDocument logs, List<CrossCheck> crossChecks, List<String> nextSteps) {

    /** @param nextSteps the diagnosis's next steps as worded for the reader ({@link AdviceText#nextSteps}) */
    public static DoctorDocument of(Diagnosis d, List<String> nextSteps) {
        StatusDocument status = StatusDocument.of(d.databases());
        return new DoctorDocument(status.verdict(), d.summary(), status.databases(),
                d.logs() == null ? null : ScanLogDocument.of(d.logs()),
                d.crossChecks().stream().map(CrossCheck::of).toList(), nextSteps);
    }

    /** How a lock the log names compares with the database now. */
    public record CrossCheck(String table, String logUuid, String databaseUuid, String outcome, String sentence) {
        static CrossCheck of(LogCrossCheck c) {
            return new CrossCheck(c.table(), c.logUuid(), c.databaseUuid(), c.outcome().name(), c.sentence());
        }
    }
}
