package io.lockdoctor.cli.render;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.LockRow;
import java.util.List;

/** The {@code status} JSON document the README describes (JSON), field for field. */
public record StatusDocument(String verdict, List<Database> databases) {

    public static StatusDocument of(List<DatabaseReport> reports) {
        Verdict overall = Verdict.mostSevere(reports.stream().map(DatabaseReport::verdict).toList());
        return new StatusDocument(overall.name(), reports.stream().map(Database::of).toList());
    }

    public record Database(String module, String url, String product, String dialect, String error,
            List<String> schemasSearched, List<Table> tables) {
        static Database of(DatabaseReport r) {
            return new Database(r.module(), r.url(), r.product(), r.dialect(), r.error(), r.schemasSearched(),
                    r.tables().stream().map(Table::of).toList());
        }
    }

    public record Table(String table, String schema, boolean exists, long migrations, String latestVersion,
            List<Failed> failedMigrations, Lock lock, String verdict, String reason, List<EvidenceItem> evidence,
            List<Session> sessions, List<String> settleBy) {
        static Table of(TableReport t) {
            Lock lock = t.lock() == null ? null : Lock.of(t.lock(), t);
            return new Table(t.table().name(), t.schema(), t.exists(), t.migrations(), t.latestVersion(),
                    t.failedMigrations().stream().map(Failed::of).toList(), lock, t.verdict().name(), t.reason(),
                    t.evidence().stream().map(EvidenceItem::of).toList(),
                    t.sessions().stream().map(Session::of).toList(), AdviceText.settleBy(t.settleBy()));
        }
    }

    /**
     * A session that weighed on the verdict; {@code terminate} is printed for the operator, never run.
     * {@code statement} is the one running, or for an idle session its last one where the database
     * keeps it; {@code idleSince} is null while it runs or where the database does not say.
     */
    public record Session(String pid, String user, String host, String application, String start, String statement,
            String effect, String why, String terminate, String state, String idleSince, boolean migratorConnection,
            Integer lockAttempts) {
        static Session of(SessionFinding f) {
            var s = f.session();
            return new Session(s.id(), s.user(), s.host(), s.application(),
                    s.sessionStart() == null ? null : s.sessionStart().toString(), s.statement(), f.effect().name(),
                    f.why(), f.terminateCommand(), s.running() ? "running" : s.inTransaction() ? "idle in transaction"
                            : "idle", s.running() || s.stateSince() == null ? null : s.stateSince().toString(),
                    f.migratorConnection(), f.effect() == SessionFinding.Effect.LOCK_WAITER ? f.lockAttempts() : null);
        }
    }

    public record Failed(int installedRank, String version, String description, String installedOn) {
        static Failed of(FailedMigration f) {
            return new Failed(f.installedRank(), f.version(), f.description(),
                    f.installedOn() == null ? null : f.installedOn().toString());
        }
    }

    public record Lock(String uuid, String installedOn, Long ageAtLeastSeconds, String ageSource, String installedBy) {
        static Lock of(LockRow lock, TableReport t) {
            return new Lock(lock.uuid().orElse(lock.description()),
                    lock.installedOn() == null ? null : lock.installedOn().toString(),
                    t.lockAgeAtLeast() == null ? null : t.lockAgeAtLeast().getSeconds(),
                    t.lockAge() == null ? null : t.lockAge().source().name(),
                    lock.installedBy());
        }
    }

    public record EvidenceItem(String kind, String observed, String detail) {
        static EvidenceItem of(Evidence e) {
            return new EvidenceItem(e.kind().name(), e.observed(), e.detail());
        }
    }
}
