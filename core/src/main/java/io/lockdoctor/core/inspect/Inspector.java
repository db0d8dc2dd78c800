package io.lockdoctor.core.inspect;

import io.lockdoctor.core.LockDoctorException;
import io.lockdoctor.core.db.DatabaseSession;
import io.lockdoctor.core.history.HistoryReader;
import io.lockdoctor.core.history.MigrationTable;
import io.lockdoctor.core.history.MigrationTableFinder;
import io.lockdoctor.core.history.TableSearch;
import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.support.Secrets;
import io.lockdoctor.core.verdict.AgeBound;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads every wanted history table of one database into a {@link DatabaseReport}. */
public final class Inspector {
    private final MigrationTableFinder finder = new MigrationTableFinder();

    /**
     * Inspects through an open session. Failures reading one table are reported on that table;
     * the session's own failures propagate to the caller, who reports the database as ERROR.
     */
    public DatabaseReport inspect(DatabaseSession session, InspectionOptions options) throws SQLException {
        DatabaseMetaData metaData = session.connection().getMetaData();
        String product = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        String url = Secrets.mask(metaData.getURL());
        TableSearch search = finder.find(session, options.schema(), options.orderedTables());
        Instant now = session.databaseNow();
        HistoryReader reader = new HistoryReader(session);

        List<TableReport> reports = new ArrayList<>();
        for (KnownTable kind : options.orderedTables()) {
            boolean any = false;
            for (MigrationTable table : search.tables()) {
                if (table.location().kind() == kind) {
                    any = true;
                    reports.add(readTable(reader, table, now, options));
                }
            }
            for (TableSearch.UnusableTable unusable : search.unusable()) {
                if (unusable.location().kind() == kind) {
                    any = true;
                    reports.add(TableReport.failed(kind, unusable.location().schema(), unusable.problem()));
                }
            }
            if (!any) {
                reports.add(TableReport.missing(kind));
            }
        }
        return new DatabaseReport(null, url, product, session.dialect().id(), null, search.schemasSearched(), reports);
    }

    private static TableReport readTable(HistoryReader reader, MigrationTable table, Instant now,
            InspectionOptions options) {
        String schema = table.location().schema();
        try {
            HistorySummary summary = reader.summary(table);
            var lock = summary.locks().isEmpty() ? null : summary.locks().get(0);
            AgeBound age = lock == null ? null : AgeBound.fromInstalledOn(lock.installedOn(), now, options.writerZone());
            LockAssessment.Result assessment = LockAssessment.assess(summary, age);
            return new TableReport(table.location().kind(), schema, true, summary.migrations(), summary.latestVersion(),
                    summary.failedMigrations(), lock, age, assessment.verdict(), assessment.reason(),
                    assessment.evidence(), null);
        } catch (LockDoctorException e) {
            return TableReport.failed(table.location().kind(), schema, e.getMessage());
        }
    }
}
