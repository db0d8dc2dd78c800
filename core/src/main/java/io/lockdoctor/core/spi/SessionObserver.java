package io.lockdoctor.core.spi;

import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.MigrationTable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one database shows its sessions. Dialects that can observe sessions provide one; the
 * sampling, classification and verdict are written once in core on top of it.
 */
public interface SessionObserver {

    /** The one-row query that gives the id under which the database knows the session it runs on. */
    String sessionIdQuery();

    /** The id under which the database knows the session behind {@code sql}. */
    default String sessionId(Statements sql) {
        return sql.one(sessionIdQuery(), RowMapper.STRING);
    }

    /**
     * Whether this account can see every session: the privilege, and a complete view (not a
     * standby, replica or foreign engine behind the same driver). The probe check is done by core.
     */
    Observability observability(Statements sql);

    /** Every other client session of this database now, lockdoctor's own included (core leaves them out). */
    List<SessionActivity> sample(Statements sql);

    /**
     * The sessions that can bear on tables of {@code namespaces} (the schemas, or MariaDB/MySQL
     * databases, that hold the locked history tables). Where one server hosts many databases that
     * one account sees (MariaDB/MySQL), sessions of unrelated databases must not count as evidence.
     * By default every session of {@link #sample(Statements)}: a PostgreSQL or H2 session list is
     * already limited to one database. Proving the list complete uses {@link #sample(Statements)}.
     */
    default List<SessionActivity> sample(Statements sql, Collection<String> namespaces) {
        return sample(sql);
    }

    /**
     * A counter that rises with every write to tables of these schemas and never falls: rows
     * inserted, updated and deleted where the database counts rows, a modification count where it
     * counts only those. Empty when the database keeps nothing of the kind.
     */
    OptionalLong writeCounter(Statements sql, Collection<String> schemas);

    /**
     * Write counters per table of these schemas, where the database keeps them per table; empty
     * where it does not. Lets failed lock INSERTs into a history table be told apart from writes.
     */
    default Optional<List<TableWrites>> tableWrites(Statements sql, Collection<String> schemas) {
        return Optional.empty();
    }

    /**
     * How late the database may publish other sessions' writes in its counters: a busy session's
     * after about {@code busy}, an idle one's after about {@code idle}. Zero for both where counters
     * are exact when read.
     */
    default CounterLag counterLag(Statements sql) {
        return CounterLag.NONE;
    }

    /** How late write counters may be. */
    record CounterLag(Duration busy, Duration idle) {
        public static final CounterLag NONE = new CounterLag(Duration.ZERO, Duration.ZERO);

        public boolean any() {
            return !idle.isZero() || !busy.isZero();
        }
    }

    /** The statement that would end {@code session}: printed for the operator, never run. */
    String terminateCommand(SessionActivity session);

    /** Damage an interrupted migration can leave (e.g. invalid indexes), reported but not part of the verdict. */
    default List<Evidence> damage(Statements sql, MigrationTable table) {
        return List.of();
    }
}
