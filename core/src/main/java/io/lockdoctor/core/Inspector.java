package io.lockdoctor.core;

import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.support.Secrets;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Inspects one database into a {@link DatabaseReport}: finds the history tables, reads each, and
 * when any holds a lock runs one observe window for the whole database (outside any transaction)
 * before the {@link VerdictRules} judge each lock.
 */
final class Inspector {
    private final MigrationTableFinder finder = new MigrationTableFinder();

    /**
     * Failures reading one table are reported on that table; the session's own failures
     * propagate to the caller, who reports the database as ERROR.
     *
     * @param probeOpener opens a second session, to prove that sessions are observable
     */
    public DatabaseReport inspect(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            InspectionOptions options, WindowProgress progress) throws SQLException {
        return inspect(session, probeOpener, options, progress, null);
    }

    /** @param view what lies between lockdoctor and the database (a pooler), or null when nothing was found */
    public DatabaseReport inspect(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            InspectionOptions options, WindowProgress progress, ClientView view) throws SQLException {
        DatabaseMetaData metaData = session.connection().getMetaData();
        String product = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        String url = Secrets.mask(metaData.getURL());
        TableSearch search = finder.find(session, options.schema(), options.orderedTables());
        HistoryReader reader = new HistoryReader(session);

        Map<MigrationTable, HistorySummary> summaries = new LinkedHashMap<>();
        Map<MigrationTable, String> errors = new HashMap<>();
        Map<MigrationTable, TableReport> heldByOthers = new HashMap<>();
        for (MigrationTable table : search.tables()) {
            try {
                summaries.put(table, reader.summary(table));
            } catch (LockWaitTimeoutException e) {
                Optional<TableReport> held = heldByAnotherSession(session, table, options, e);
                if (held.isPresent()) {
                    heldByOthers.put(table, held.get());
                } else {
                    errors.put(table, e.getMessage());
                }
            } catch (LockDoctorException e) {
                errors.put(table, e.getMessage());
            }
        }
        List<MigrationTable> locked = summaries.entrySet().stream()
                .filter(e -> !e.getValue().locks().isEmpty()).map(Map.Entry::getKey).toList();
        Map<TableLocation, List<LockRow>> locksRead = new HashMap<>();
        summaries.forEach((table, summary) -> locksRead.put(table.location(), summary.locks()));
        WindowResult window = locked.isEmpty() ? null
                : new EvidenceCollector().observe(session, probeOpener, locked, locksRead, search.schemasSearched(),
                        options.observe(), progress, view);
        Instant now = window == null ? session.databaseNow() : window.now();

        List<TableReport> reports = new ArrayList<>();
        for (KnownTable kind : options.orderedTables()) {
            boolean any = false;
            for (MigrationTable table : search.tables()) {
                if (table.location().kind() != kind) {
                    continue;
                }
                any = true;
                if (heldByOthers.containsKey(table)) {
                    reports.add(heldByOthers.get(table));
                } else {
                    reports.add(errors.containsKey(table)
                            ? TableReport.failed(kind, table.location().schema(), errors.get(table))
                            : report(session, table, summaries.get(table), window, now, options));
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

    /**
     * The history table could not be read within the timeout because another session locks it: find
     * that session. HAPI's migrator is what locks the history table, so this is ACTIVE evidence.
     */
    private static Optional<TableReport> heldByAnotherSession(DatabaseSession session, MigrationTable table,
            InspectionOptions options, LockWaitTimeoutException timeout) {
        Optional<SessionSampler> sampler = SessionSampler.on(session);
        if (sampler.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant now = session.databaseNow();
            SessionClassifier classifier = new SessionClassifier(List.of(table.location()),
                    options.observe().longStatement());
            List<SessionFinding> holders = new ArrayList<>();
            List<String> namespaces = table.location().schema() == null ? List.of() : List.of(table.location().schema());
            for (SessionActivity activity : sampler.get().others(namespaces)) {
                classifier.classify(activity, now, sampler.get().terminateCommand(activity))
                        .filter(f -> f.effect() == SessionFinding.Effect.ACTIVE)
                        .ifPresent(holders::add);
            }
            if (holders.isEmpty()) {
                return Optional.empty();
            }
            SessionFinding first = holders.get(0);
            String who = first.session().who();
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(new Evidence(EvidenceKind.ACTIVE_SESSION, who, Character.toUpperCase(first.why().charAt(0))
                    + first.why().substring(1) + "; to end it: " + first.terminateCommand()));
            evidence.add(new Evidence(EvidenceKind.LOCK_ROW, "not readable", timeout.getMessage()));
            TableLocation where = table.location();
            return Optional.of(new TableReport(where.kind(), where.schema(), new TableReport.HeldByAnotherSession(
                    "The history table is locked by " + who + ", so it could not even be read within "
                            + session.settings().terms().timeout() + ": HAPI's migrator locks it only while migrating.",
                    evidence, holders)));
        } catch (LockDoctorException e) {
            return Optional.empty();
        }
    }

    private TableReport report(DatabaseSession session, MigrationTable table, HistorySummary summary,
            WindowResult window, Instant now, InspectionOptions options) {
        List<Evidence> hygiene = hygiene(session, table, summary);
        TableLocation where = table.location();
        if (summary.locks().isEmpty()) {
            return new TableReport(where.kind(), where.schema(), new TableReport.Unlocked(summary, hygiene));
        }
        LockRow lock = summary.locks().get(0);
        AgeBound age = AgeBound.fromInstalledOn(lock.installedOn(), now, options.writerZone());
        Dialect dialect = session.dialect();
        LockEvidence evidence = new LockEvidence(
                new LockEvidence.Lock(lock, window.locksAtEnd().get(where)),
                new LockEvidence.Window(options.observe().observe(), window.observed(), window.samples(),
                        window.observability(), window.sessions(),
                        window.historyChanges().getOrDefault(where, List.of()), window.writes()),
                new LockEvidence.Age(age, lock.uuid().flatMap(options.logs()::lockAcquiredAt), now,
                        options.observe().minAge()),
                new LockEvidence.Context(
                        dialect.verifiedAgainstRealServer() ? Optional.empty() : Optional.of(dialect.displayName()),
                        options.logs().notes(where.kind(), lock)));
        Assessment assessment = new VerdictRules(options.terms()).assess(evidence);
        List<Evidence> all = new ArrayList<>(assessment.evidence());
        all.addAll(hygiene);
        return new TableReport(where.kind(), where.schema(), new TableReport.Locked(table, summary, age,
                evidence.age().atLeast(), new Assessment(assessment.verdict(), assessment.reason(), all,
                        assessment.settleBy()), window.sessions()));
    }

    /** docs/evidence.md, damage: reported, never part of the verdict. */
    private static List<Evidence> hygiene(DatabaseSession session, MigrationTable table, HistorySummary summary) {
        List<Evidence> out = new ArrayList<>();
        long unresolved = summary.failedMigrations().stream().filter(f -> !f.retriedSuccessfully()).count();
        if (unresolved > 0) {
            FailedMigration first = summary.failedMigrations().stream().filter(f -> !f.retriedSuccessfully())
                    .findFirst().orElseThrow();
            out.add(new Evidence(EvidenceKind.FAILED_MIGRATIONS, unresolved + " failed, not retried",
                    "Failed task rows (first: rank " + first.installedRank() + ", version " + first.version()
                            + "); HAPI runs them again at the next start."));
        }
        if (summary.locks().size() > 1) {
            out.add(new Evidence(EvidenceKind.LOCK_INDEX, summary.locks().size() + " lock rows",
                    "More than one row with installed_rank = -100: two migrators may have run at once."));
        }
        if (!TableChecks.hasUniqueRankIndex(session, table)) {
            out.add(new Evidence(EvidenceKind.LOCK_INDEX, "no unique index on installed_rank",
                    "Without it HAPI's lock row excludes nothing: two migrators can each insert one and run at once."));
        }
        session.dialect().sessionObserver().ifPresent(o -> out.addAll(o.damage(session.sql(), table)));
        return out;
    }
}
