package io.lockdoctor.examples;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Advice;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * README example, compiled and tested: a health check that fails while a stale migration lock
 * would keep the next start of the server from migrating.
 */
public final class MigrationLockHealthCheck {
    private final LockDoctor doctor;
    private final InspectionOptions options;

    public MigrationLockHealthCheck(DataSource dataSource, Duration observe) {
        this.doctor = LockDoctor.builder(dataSource).build();
        this.options = InspectionOptions.defaults().withObserve(observe);
    }

    /** Healthy unless a lock is proven stale or the database cannot be inspected. */
    public boolean healthy() {
        DatabaseReport report = doctor.status(options);
        return report.verdict() != Verdict.STALE && report.verdict() != Verdict.ERROR;
    }

    /** Why a lock is not proven either way, as data: words it the way your own settings are named. */
    public List<String> toSettle() {
        return doctor.status(options).tables().stream()
                .flatMap(table -> table.settleBy().stream())
                .map(advice -> advice instanceof Advice.ObserveLonger longer
                        ? "watch for at least " + longer.atLeast().toSeconds() + " s"
                        : advice instanceof Advice.WaitUntil wait ? "look again after " + wait.when()
                        : advice.toString())
                .toList();
    }
}
