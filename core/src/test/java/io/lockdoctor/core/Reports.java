package io.lockdoctor.core;

import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Made-up inspections: tables with a verdict and their lock rows, as a clear or an export reads them. */
final class Reports {
    private static final Instant READ_AT = Instant.parse("2025-01-10T12:00:00Z");

    private Reports() {
    }

    static LockRow lock(String description) {
        return new LockRow(description, InstalledOn.ofDay(LocalDate.of(2025, 1, 3)), "HAPI FHIR");
    }

    /**
     * A table in the state its verdict and rows imply: unreadable with an error, held by another
     * session when ACTIVE without rows, unlocked when NO_LOCK without rows, else locked and judged.
     */
    static TableReport table(KnownTable table, String schema, Verdict verdict, String error, LockRow... rows) {
        if (error != null) {
            return new TableReport(table, schema, new TableReport.Unreadable(error));
        }
        TableLocation location = new TableLocation(null, schema, table.name(), table);
        HistorySummary history = new HistorySummary(location, 10, "8.6.1", List.of(), List.of(rows));
        if (rows.length == 0) {
            return new TableReport(table, schema, switch (verdict) {
                case ACTIVE -> new TableReport.HeldByAnotherSession("because", List.of(), List.of());
                case NO_LOCK -> new TableReport.Unlocked(history, List.of());
                default -> throw new IllegalArgumentException(verdict + " needs a lock row or an error");
            });
        }
        Map<HistoryColumn, String> columns = new EnumMap<>(HistoryColumn.class);
        for (HistoryColumn column : HistoryColumn.values()) {
            columns.put(column, column.canonicalName());
        }
        return locked(new MigrationTable(location, columns, Types.DATE), history, verdict);
    }

    /** {@code source}, a real table, judged {@code verdict} with these lock rows. */
    static TableReport table(MigrationTable source, Verdict verdict, LockRow... rows) {
        return locked(source, new HistorySummary(source.location(), 10, "8.6.1", List.of(), List.of(rows)), verdict);
    }

    private static TableReport locked(MigrationTable source, HistorySummary history, Verdict verdict) {
        AgeBound age = AgeBound.fromInstalledOn(history.locks().get(0).installedOn(), READ_AT, Optional.empty());
        return new TableReport(source.location().kind(), source.location().schema(), new TableReport.Locked(source,
                history, age, age.atLeast(), new Assessment(verdict, "because", List.of(), List.of()), List.of()));
    }

    static TableReport noLock(KnownTable table) {
        return table(table, "public", Verdict.NO_LOCK, null);
    }

    static DatabaseReport database(TableReport... tables) {
        return new DatabaseReport(null, "jdbc:test", "Test 1", "test", null, List.of("public"), List.of(tables));
    }
}
