package io.lockdoctor.core.inspect;

import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.verdict.AgeBound;
import io.lockdoctor.core.verdict.Evidence;
import io.lockdoctor.core.verdict.EvidenceKind;
import io.lockdoctor.core.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict this version can give from the history table alone. Without session sampling and
 * an observe window nothing proves a lock stale (DESIGN §2), so a lock is at most UNCERTAIN here;
 * the full evidence-based rules replace this step when session evidence is collected.
 */
final class LockAssessment {
    private LockAssessment() {
    }

    record Result(Verdict verdict, String reason, List<Evidence> evidence) {
    }

    static Result assess(HistorySummary summary, AgeBound age) {
        List<Evidence> evidence = new ArrayList<>();
        if (summary.locks().isEmpty()) {
            return new Result(Verdict.NO_LOCK, "No lock row in " + summary.table().displayName() + ".", evidence);
        }
        LockRow lock = summary.locks().get(0);
        evidence.add(new Evidence(EvidenceKind.LOCK_ROW,
                "installed_rank = -100, description = " + lock.description() + ", installed_on = "
                        + lock.installedOn() + ", installed_by = " + lock.installedBy(),
                "The lock row HAPI's migrator inserts at start and deletes when it ends."));
        evidence.add(new Evidence(EvidenceKind.LOCK_AGE, "at least " + human(age.atLeast()),
                "Taken no later than " + age.takenNoLaterThan() + " (" + age.source()
                        + "), measured on the database clock; age alone proves nothing, migrations run for days."));
        if (summary.locks().size() > 1) {
            evidence.add(new Evidence(EvidenceKind.LOCK_INDEX, summary.locks().size() + " lock rows",
                    "More than one row with installed_rank = -100: the unique index on installed_rank is missing, "
                            + "so HAPI's lock excludes nothing and two migrators may have run at once."));
        }
        evidence.add(new Evidence(EvidenceKind.SESSIONS, "not collected",
                "This version does not sample database sessions, so it cannot tell a crashed migrator from a "
                        + "running one."));
        String reason = "A lock row exists but database sessions were not observed, so staleness is unproven; "
                + "check that no Smile CDR or HAPI FHIR process is migrating this database before clearing it.";
        return new Result(Verdict.UNCERTAIN, reason, evidence);
    }

    /** {@code 3d 4h 5m}, {@code 12m 3s}, {@code 0s}. */
    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes > 0 ? minutes + "m " + secs + "s" : secs + "s";
    }
}
