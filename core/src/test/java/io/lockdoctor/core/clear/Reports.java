package io.lockdoctor.core.clear;

import io.lockdoctor.core.inspect.DatabaseReport;
import io.lockdoctor.core.inspect.TableReport;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.verdict.Verdict;
import java.time.LocalDate;
import java.util.List;

/** Made-up inspections: tables with a verdict and their lock rows, as a clear or an export reads them. */
final class Reports {
    private Reports() {
    }

    static LockRow lock(String description) {
        return new LockRow(description, InstalledOn.ofDay(LocalDate.of(2025, 1, 3)), "HAPI FHIR");
    }

    static TableReport table(KnownTable table, String schema, Verdict verdict, String error, LockRow... rows) {
        return new TableReport(table, schema, true, 10, "8.6.1", List.of(), rows.length == 0 ? null : rows[0], null,
                null, verdict, "because", List.of(), List.of(), List.of(), error, List.of(rows));
    }

    static TableReport noLock(KnownTable table) {
        return table(table, "public", Verdict.NO_LOCK, null);
    }

    static DatabaseReport database(TableReport... tables) {
        return new DatabaseReport(null, "jdbc:test", "Test 1", "test", null, List.of("public"), List.of(tables));
    }
}
