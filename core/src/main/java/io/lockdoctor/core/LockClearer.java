package io.lockdoctor.core;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.support.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes exactly one stale lock row, following docs/clear.md to the letter: evidence and verdict
 * before any transaction; ACTIVE always refused, UNCERTAIN only with force; a confirmation that
 * may sit for hours is followed by a fresh look; an audit intent line made durable before the
 * delete and an outcome line after; one short transaction with bounded lock waits that re-reads
 * the row under a row lock, takes a final session snapshot, and deletes exactly that row or
 * nothing at all.
 */
final class LockClearer {
    /** The clearing transaction stays well under 2 s, so a new migrator's insert never waits long on it. */
    static final Duration MAX_LOCK_WAIT = Duration.ofMillis(1500);

    private final ClearTarget doctor;
    private final AuditLog audit;
    private final AuditContext context;
    private final Clock clock;

    LockClearer(ClearTarget doctor, AuditLog audit, AuditContext context, Clock clock) {
        this.doctor = doctor;
        this.audit = audit;
        this.context = context;
        this.clock = clock;
    }

    ClearOutcome clear(ClearRequest request, Confirmation confirmation) {
        if (!request.dryRun()) {
            // A clear that could not record its outcome must not start: say so before the observe window.
            try {
                audit.check();
            } catch (AuditException e) {
                return new ClearOutcome(ClearResult.FAILED, Verdict.ERROR, "Nothing was deleted: " + e.getMessage(),
                        null, null, null);
            }
        }
        Looked first = look(request);
        try {
            Optional<ClearOutcome> refusal = refusal(request, first.judged());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            TableReport report = first.judged().report();
            // Read before anything is recorded: a row lockdoctor could not delete alone is refused here.
            ClearStatements statements = statements(first);
            if (!request.dryRun() && confirmation == Confirmation.YES) {
                return deleteInOneTransaction(request, first);
            }
            if (request.dryRun()) {
                return new ClearOutcome(ClearResult.DRY_RUN, report.verdict(), "Dry run: the lock " + request.uuid()
                        + " would be deleted (verdict " + report.verdict() + (request.force() && report.verdict()
                        == Verdict.UNCERTAIN ? ", forced" : "") + "); nothing was changed.", statements.delete(),
                        statements.restore(), report);
            }
            // No session is held while a person decides.
            first.close();
            if (!confirmation.confirm(new Confirmation.Proposal(report, statements.delete(), statements.restore(),
                    question(request, first.judged())))) {
                return new ClearOutcome(ClearResult.DECLINED, report.verdict(), "Not confirmed: nothing was deleted.",
                        statements.delete(), statements.restore(), report);
            }
        } finally {
            first.close();
        }
        // The prompt may have sat for hours: look again before anything is written.
        Looked again = look(request);
        try {
            Optional<ClearOutcome> refusal = refusal(request, again.judged());
            return refusal.isPresent() ? refusal.get() : deleteInOneTransaction(request, again);
        } finally {
            again.close();
        }
    }

    /**
     * The verdict on the lock asked for, with the row exactly as stored: HAPI writes lower case, but
     * a row put back by hand may be upper case, and the row must be read and deleted by what is in
     * it, or it could never be cleared.
     */
    private record Judged(LockTarget target, TableReport report, String stored) {
        /** The table as the inspection found it: a clear goes on only with a judged lock, read whole. */
        MigrationTable table() {
            if (report.state() instanceof TableReport.Locked locked) {
                return locked.source();
            }
            throw new IllegalStateException("no judged lock in " + report.table() + ": " + report.state());
        }
    }

    /**
     * A verdict and the inspection it was reached on, whose session the clear goes on with; none
     * when the inspection was given up on (its thread closes it when it ends).
     */
    private record Looked(Judged judged, ClearTarget.Inspection inspection) implements AutoCloseable {
        DatabaseSession session() {
            if (inspection == null) {
                throw new IllegalStateException("the inspection was given up on");
            }
            return inspection.session();
        }

        @Override
        public void close() {
            if (inspection != null) {
                inspection.close();
            }
        }
    }

    private Looked look(ClearRequest request) {
        ClearTarget.Inspection inspection = doctor.inspection(request.evidence());
        Optional<DatabaseReport> database = boundedStatus(request, inspection);
        try {
            return judged(request, database, inspection);
        } catch (RuntimeException e) {
            // A request the report cannot answer (a table in several schemas, no schema given).
            if (database.isPresent()) {
                inspection.close();
            }
            throw e;
        }
    }

    private Looked judged(ClearRequest request, Optional<DatabaseReport> database, ClearTarget.Inspection inspection) {
        LockTarget target = LockTarget.find(database.orElseGet(() -> givenUp(request)), Optional.of(request.table()),
                Optional.of(request.uuid()), request.evidence().terms());
        TableReport report = target.table();
        if (target.kind() == LockTarget.Kind.SEVERAL_LOCKS && report.verdict() != Verdict.ACTIVE) {
            // The verdict judged one lock row of several: for any of them that is a doubt at best.
            report = report.withVerdict(Verdict.UNCERTAIN, target.message() + " " + report.reason(),
                    List.of(new Advice.SortOutSeveralLocks()));
        }
        Judged judged = new Judged(target, report, target.lock() == null ? null : target.lock().description());
        return new Looked(judged, database.isPresent() ? inspection : null);
    }

    /** Past the timeout, the observe window and this much more, an inspection that has not answered is given up on. */
    private static final Duration MIN_MARGIN = Duration.ofSeconds(5);

    /**
     * The inspection, given up on past the timeout, the observe window and a margin: drivers bound
     * each statement, but not every wait (an H2 database in exclusive mode pauses other sessions
     * whatever their timeouts), and a clear must never hang a runbook. The inspection only reads,
     * so leaving it behind changes nothing; it is an error then, never "no lock".
     */
    private Optional<DatabaseReport> boundedStatus(ClearRequest request, ClearTarget.Inspection inspection) {
        // Whoever comes second closes a given-up inspection: its thread when it ends, or this one.
        boolean[] givenUpAndEnded = new boolean[2];
        FutureTask<DatabaseReport> task = new FutureTask<>(() -> {
            try {
                return inspection.status();
            } finally {
                synchronized (givenUpAndEnded) {
                    givenUpAndEnded[1] = true;
                    if (givenUpAndEnded[0]) {
                        inspection.close();
                    }
                }
            }
        });
        Thread thread = new Thread(task, "lockdoctor-clear-inspect");
        thread.setDaemon(true);
        thread.start();
        try {
            return Optional.of(task.get(bound(request).toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            giveUp(task, inspection, givenUpAndEnded);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(task, inspection, givenUpAndEnded);
            throw new LockDoctorException("interrupted while inspecting the lock");
        } catch (ExecutionException e) {
            inspection.close();
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new LockDoctorException("the inspection failed: " + e.getCause(), e.getCause());
        }
    }

    /** Interrupts the inspection first, so that no interrupt lands in the close that follows it. */
    private static void giveUp(FutureTask<DatabaseReport> task, ClearTarget.Inspection inspection,
            boolean[] givenUpAndEnded) {
        task.cancel(true);
        synchronized (givenUpAndEnded) {
            givenUpAndEnded[0] = true;
            if (givenUpAndEnded[1]) {
                inspection.close();
            }
        }
    }

    private Duration bound(ClearRequest request) {
        Duration timeout = doctor.settings().timeout();
        return timeout.plus(request.evidence().observe().observe())
                .plus(timeout.compareTo(MIN_MARGIN) > 0 ? timeout : MIN_MARGIN);
    }

    private DatabaseReport givenUp(ClearRequest request) {
        return DatabaseReport.failed(null, null, "no answer within " + doctor.settings().terms().timeout() + " "
                + Durations.format(doctor.settings().timeout()) + " + " + request.evidence().terms().set(
                        Setting.OBSERVE, Durations.format(request.evidence().observe().observe()))
                + " and a margin: the database, or something between, stopped answering (a network that drops "
                + "packets, an overloaded server, an H2 database in exclusive mode); lockdoctor gave up on it");
    }

    private static Optional<ClearOutcome> refusal(ClearRequest request, Judged judged) {
        LockTarget target = judged.target();
        TableReport report = judged.report();
        Terms terms = request.evidence().terms();
        return switch (target.decide(report, request.force(), false)) {
            case NOTHING_THERE -> Optional.of(new ClearOutcome(ClearResult.NOT_FOUND, Verdict.NO_LOCK, target.message()
                    + " Nothing to clear.", null, null, report));
            case OTHER_LOCK -> Optional.of(new ClearOutcome(ClearResult.OTHER_LOCK, report.verdict(), target.message()
                    + " Nothing was deleted; judge that lock before clearing it.", null, null, report));
            case UNREADABLE -> Optional.of(new ClearOutcome(ClearResult.UNREADABLE, Verdict.ERROR, target.message()
                    + " Nothing was deleted.", null, null, report));
            case REFUSED_ACTIVE -> Optional.of(target.kind() == LockTarget.Kind.UNREADABLE
                    ? new ClearOutcome(ClearResult.REFUSED_ACTIVE, Verdict.ACTIVE, "Refused: " + target.message()
                            + " Nothing was deleted.", null, null, report)
                    : new ClearOutcome(ClearResult.REFUSED_ACTIVE, Verdict.ACTIVE, "Refused: a migration is active. "
                            + report.reason() + " lockdoctor never clears an active lock, " + terms.name(Setting.FORCE)
                            + " or not.", null, null,
                            report));
            case REFUSED_UNCERTAIN -> Optional.of(new ClearOutcome(ClearResult.REFUSED_UNCERTAIN, Verdict.UNCERTAIN,
                    "Refused: staleness is not proven. " + report.reason() + " Settle it first, or if you have checked "
                            + "by other means that no migrator runs, repeat with " + terms.name(Setting.FORCE)
                            + " (recorded in the audit).",
                    null, null, report));
            case NOT_JUDGED -> Optional.of(new ClearOutcome(ClearResult.UNREADABLE, Verdict.ERROR, report.reason()
                    + " Nothing was deleted.", null, null, report));
            // A lock released during the window: the transaction finds the row gone and says what is there now.
            case PROCEED, RELEASED, SEVERAL_LOCKS -> Optional.empty();
        };
    }

    /** The statements a dry run and a confirmation show, from the row as it is now, on the inspection's session. */
    private static ClearStatements statements(Looked looked) {
        Judged judged = looked.judged();
        DatabaseSession session = looked.session();
        MigrationRow row = new ClearStatements.RowReader(session, judged.table()).read(judged.stored(), false)
                .orElseGet(() -> ClearStatements.rowFrom(judged.target().lock()));
        return ClearStatements.of(session.dialect(), judged.table(), row);
    }

    private static String question(ClearRequest request, Judged judged) {
        TableReport report = judged.report();
        return "Delete the lock " + request.uuid() + " (installed_on " + judged.target().lock().installedOn() + ", by "
                + judged.target().lock().installedBy() + ") from " + request.table()
                + (report.schema() == null ? "" : " in " + report.schema()) + "? Verdict: " + report.verdict()
                + (request.force() ? " (forced)" : "") + ". Type yes to delete: ";
    }

    /** On the session the verdict was reached on, closed here whatever happens. */
    private ClearOutcome deleteInOneTransaction(ClearRequest request, Looked looked) {
        Judged judged = looked.judged();
        TableReport report = judged.report();
        String stored = judged.stored();
        String forcedNote = request.force() && report.verdict() == Verdict.UNCERTAIN ? " (forced)" : "";
        ClearStatements statements = null;
        boolean committed = false;
        try (Looked closing = looked) {
            DatabaseSession session = closing.session();
            Dialect dialect = session.dialect();
            MigrationTable table = judged.table();
            Duration lockWait = session.settings().timeout().compareTo(MAX_LOCK_WAIT) < 0
                    ? session.settings().timeout() : MAX_LOCK_WAIT;
            session.begin();
            for (String sql : dialect.clearTransactionSetup(lockWait)) {
                session.sql().update(sql);
            }
            Optional<MigrationRow> row = new ClearStatements.RowReader(session, table).read(stored, true);
            if (row.isEmpty()) {
                // The clear's session keeps its short lock-wait bounds: look again on a fresh one.
                closing.close();
                return recheckAfterVanish(request, table);
            }
            statements = ClearStatements.of(dialect, table, row.get());
            Optional<SessionFinding> active = finalSnapshot(session, table, request);
            if (active.isPresent()) {
                session.rollback();
                String why = "Refused at the last moment: " + active.get().why() + " (session "
                        + active.get().session().id() + "). Nothing was deleted.";
                record("OUTCOME", request, report, row.get(), ClearResult.REFUSED_ACTIVE, why);
                return new ClearOutcome(ClearResult.REFUSED_ACTIVE, Verdict.ACTIVE, why, statements.delete(),
                        statements.restore(), report);
            }
            // Nothing is deleted unless the intent is on disk first.
            record("INTENT", request, report, row.get(), null, "about to delete" + forcedNote);
            int deleted = session.sql().update(statements.deleteSql(), MigrationRow.LOCK_RANK, stored);
            if (deleted != 1) {
                session.rollback();
                String why = "The delete matched " + deleted + " rows instead of exactly one; rolled back, nothing "
                        + "was deleted.";
                record("OUTCOME", request, report, row.get(), ClearResult.FAILED, why);
                return new ClearOutcome(ClearResult.FAILED, report.verdict(), why, statements.delete(),
                        statements.restore(), report);
            }
            session.commit();
            committed = true;
            String done = "Deleted the lock " + request.uuid() + " from " + request.table() + forcedNote
                    + ". To put it back: " + statements.restore();
            record("OUTCOME", request, report, row.get(), ClearResult.DELETED, done);
            return new ClearOutcome(ClearResult.DELETED, report.verdict(), done, statements.delete(),
                    statements.restore(), report);
        } catch (AuditException e) {
            if (committed) {
                return new ClearOutcome(ClearResult.DELETED, report.verdict(), "Deleted the lock " + request.uuid()
                        + ", but the outcome could not be written to the audit file: " + e.getMessage(),
                        statements.delete(), statements.restore(), report);
            }
            return failed(request, report, statements, "Nothing was deleted: " + e.getMessage());
        } catch (LockDoctorException | IllegalStateException | io.lockdoctor.core.spi.StatementFailedException e) {
            return lostOrFailed(request, report, judged.table(), stored, statements, committed, e);
        }
    }

    /** The row went away between the verdict and the transaction: say what is there now. */
    private ClearOutcome recheckAfterVanish(ClearRequest request, MigrationTable table) {
        boolean noLock;
        try (DatabaseSession session = doctor.openSession()) {
            // Read, not assumed: a read that fails throws, and is never taken for "no lock".
            noLock = new HistoryReader(session).locks(table).isEmpty();
        }
        if (noLock) {
            return new ClearOutcome(ClearResult.NOT_FOUND, Verdict.NO_LOCK, "The lock " + request.uuid()
                    + " was removed by someone else in the meantime and no other lock is there: nothing to do.",
                    null, null, null);
        }
        try (Looked now = look(request)) {
            return refusal(request, now.judged()).orElseGet(() -> new ClearOutcome(ClearResult.OTHER_LOCK,
                    now.judged().report().verdict(), "The lock changed while lockdoctor worked: run again.", null,
                    null, now.judged().report()));
        }
    }

    private Optional<SessionFinding> finalSnapshot(DatabaseSession session, MigrationTable table,
            ClearRequest request) {
        Optional<SessionSampler> sampler = SessionSampler.on(session);
        if (sampler.isEmpty()) {
            return Optional.empty();
        }
        SessionClassifier classifier = new SessionClassifier(List.of(table.location()),
                request.evidence().observe().longStatement());
        java.time.Instant now = session.databaseNow();
        // Other lockdoctor sessions are left out as in the observe window (OwnSessions): a racing clear
        // waiting for this row lock is no migration, and must find the row gone and exit 6, not make
        // this clear refuse and then delete the row itself.
        List<String> namespaces = table.location().schema() == null ? List.of() : List.of(table.location().schema());
        for (SessionActivity activity : sampler.get().others(namespaces)) {
            String terminate = sampler.get().terminateCommand(activity);
            Optional<SessionFinding> finding = classifier.finalSnapshotFinding(activity, now, terminate);
            if (finding.isPresent()) {
                return finding;
            }
        }
        return Optional.empty();
    }

    private ClearOutcome lostOrFailed(ClearRequest request, TableReport report, MigrationTable table, String stored,
            ClearStatements statements, boolean committed, RuntimeException e) {
        String cause = SqlErrors.translate("clear the lock", e, doctor.settings()).getMessage();
        if (committed) {
            return failed(request, report, statements, "The delete was committed, but then: " + cause);
        }
        // Uncommitted work is rolled back by the server when the connection dies; check what is there now.
        String now;
        try (DatabaseSession session = doctor.openSession()) {
            boolean stillThere = new ClearStatements.RowReader(session, table).read(stored, false).isPresent();
            now = stillThere ? " The lock row is still there: nothing was deleted; run the same command again."
                    : " The lock row is gone now (deleted by another process, or the commit reached the server "
                            + "just before the connection broke): check with lockdoctor status.";
        } catch (RuntimeException again) {
            now = " The database could not be reached again to check; a transaction that was not committed is rolled "
                    + "back by the server, so run lockdoctor status to see.";
        }
        return failed(request, report, statements, "The clear failed before its commit: " + cause + "." + now);
    }

    private ClearOutcome failed(ClearRequest request, TableReport report, ClearStatements statements, String message) {
        try {
            record("OUTCOME", request, report, statements == null ? null : statements.row(), ClearResult.FAILED, message);
        } catch (AuditException ignored) {
            // Already failing; the message says what happened.
        }
        return new ClearOutcome(ClearResult.FAILED, report.verdict(), message,
                statements == null ? null : statements.delete(), statements == null ? null : statements.restore(), report);
    }

    private void record(String event, ClearRequest request, TableReport report, MigrationRow row, ClearResult result,
            String message) {
        Map<String, String> columns = row == null ? Map.of() : ClearStatements.asText(row);
        List<String> evidence = report.evidence().stream().map(Evidence::kind).map(Enum::name).distinct().toList();
        List<String> observed = report.evidence().stream().map(e -> e.kind() + ": " + e.observed()).toList();
        audit.append(new AuditEntry(clock.instant(), event, context.osUser(), context.host(), context.databaseUrl(),
                report.schema(), request.table().name(), columns, report.verdict().name(),
                observed.isEmpty() ? evidence : observed, request.force() && report.verdict() == Verdict.UNCERTAIN,
                result == null ? null : result.name(), message));
    }

    /** Who and where, for the audit: OS user, host, and the database URL without secrets. */
    record AuditContext(String osUser, String host, String databaseUrl) {
    }
}
