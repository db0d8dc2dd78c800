package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.StandardSessionObserver;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.core.spi.TableWrites;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sessions from {@code pg_stat_activity} with their table locks from {@code pg_locks}; write
 * counters from {@code pg_stat_user_tables}; invalid indexes from {@code pg_index}.
 */
final class PostgresSessionObserver extends StandardSessionObserver {
    private static final String HIDDEN = "<insufficient privilege>";
    private static final String DISABLED = "disabled";

    private static final String SAMPLE = """
            SELECT a.pid, a.usename, COALESCE(a.client_hostname, host(a.client_addr)), a.application_name,
                   a.backend_start, a.query_start, a.state, a.xact_start, a.query,
                   ARRAY(SELECT n.nspname || '|' || c.relname || '|' || l.mode || '|' || l.granted
                           FROM pg_locks l
                           JOIN pg_class c ON c.oid = l.relation
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE l.pid = a.pid AND l.locktype = 'relation'
                            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                            AND c.relkind IN ('r', 'p')
                            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                            AND n.nspname NOT LIKE 'pg\\_toast%'),
                   a.state_change
              FROM pg_stat_activity a
             WHERE a.datname = current_database() AND a.backend_type = 'client backend'
            """;
    private static final String WRITES = "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            + "FROM pg_stat_user_tables WHERE schemaname IN (<schemas>)";

    PostgresSessionObserver() {
        super("SELECT pg_backend_pid()", "SELECT current_user");
    }

    @Override
    public Observability observability(Statements sql) {
        String version = sql.one("SELECT version()", RowMapper.STRING);
        if (version.contains("CockroachDB")) {
            return Observability.not("this is CockroachDB behind the PostgreSQL driver (" + cockroachRelease(version)
                    + "), whose pg_stat_activity does not show every node's sessions", "check the cluster's sessions by hand (SHOW CLUSTER SESSIONS)");
        }
        if (sql.one("SELECT pg_is_in_recovery()", RowMapper.BOOLEAN)) {
            return Observability.not("this server is a standby (pg_is_in_recovery() is true): sessions on the primary "
                    + "do not show here", "connect to the primary server");
        }
        String user = account(sql);
        boolean privileged = sql.one("SELECT COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = "
                + "current_user), false) OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')", RowMapper.BOOLEAN);
        if (!privileged) {
            return Observability.not("the account " + user + " is neither superuser nor a member of pg_read_all_stats, "
                    + "so other users' statements are hidden", "use an account with pg_read_all_stats (GRANT "
                    + "pg_read_all_stats TO " + user + ") or a superuser");
        }
        return Observability.proven("the account " + user + " may read every session (superuser or pg_read_all_stats), "
                + "on a primary server");
    }

    /** {@code CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built ...)} without the build details. */
    static String cockroachRelease(String version) {
        int detail = version.indexOf(" (");
        return (detail < 0 ? version : version.substring(0, detail)).strip();
    }

    @Override
    public List<SessionActivity> sample(Statements sql) {
        return sql.list(SAMPLE, PostgresSessionObserver::activity);
    }

    private static SessionActivity activity(ResultSet rs) throws SQLException {
        String query = rs.getString(9);
        String state = rs.getString(7);
        List<RelationLock> locks = new ArrayList<>();
        Array array = rs.getArray(10);
        if (array != null) {
            for (Object entry : (Object[]) array.getArray()) {
                String[] parts = entry.toString().split("\\|", 4);
                if (parts.length == 4) {
                    locks.add(new RelationLock(parts[0], parts[1], parts[2], Boolean.parseBoolean(parts[3])
                            || "t".equals(parts[3])));
                }
            }
        }
        // state 'disabled' (track_activities off for that session) hides what it runs as surely as
        // <insufficient privilege> does: no statement, no transaction start, looks idle.
        boolean visible = !HIDDEN.equals(query) && !DISABLED.equals(state);
        return new SessionActivity(Integer.toString(rs.getInt(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5), instant(rs, 6), "active".equals(state), rs.getObject(8) != null, false,
                visible, query, locks, instant(rs, 11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }

    @Override
    public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
        return OptionalLong.of(counted(sql, WRITES, schemas));
    }

    @Override
    public Optional<List<TableWrites>> tableWrites(Statements sql, Collection<String> schemas) {
        if (schemas.isEmpty()) {
            return Optional.of(List.of());
        }
        return Optional.of(sql.list("SELECT schemaname, relname, n_tup_ins, n_tup_upd, n_tup_del "
                        + "FROM pg_stat_user_tables WHERE schemaname IN (" + Statements.placeholders(schemas) + ")",
                rs -> new TableWrites(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                schemas.toArray()));
    }

    /**
     * From PostgreSQL 15 a backend publishes its table counters at most about once a second while
     * busy (PGSTAT_MIN_INTERVAL) and about 10 s after it went idle (PGSTAT_IDLE_INTERVAL); before
     * 15 the statistics collector published them within about half a second.
     */
    @Override
    public CounterLag counterLag(Statements sql) {
        int version = sql.one("SELECT current_setting('server_version_num')::int", RowMapper.INTEGER);
        return version >= 150000 ? new CounterLag(Duration.ofSeconds(1), Duration.ofSeconds(10))
                : new CounterLag(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Override
    public String terminateCommand(SessionActivity session) {
        return "SELECT pg_terminate_backend(" + Integer.parseInt(session.id()) + ");";
    }

    @Override
    public List<Evidence> damage(Statements sql, MigrationTable table) {
        if (table.location().schema() == null) {
            return List.of();
        }
        return sql.list("""
                        SELECT ci.relname, ct.relname
                          FROM pg_index i
                          JOIN pg_class ci ON ci.oid = i.indexrelid
                          JOIN pg_class ct ON ct.oid = i.indrelid
                          JOIN pg_namespace n ON n.oid = ci.relnamespace
                         WHERE NOT i.indisvalid AND n.nspname = ?
                         ORDER BY 1""",
                rs -> new Evidence(EvidenceKind.DAMAGE, "invalid index " + rs.getString(1) + " on "
                        + rs.getString(2), "pg_index.indisvalid is false: left by an interrupted CREATE INDEX "
                        + "CONCURRENTLY (or one still running); once nothing runs, drop it with DROP INDEX CONCURRENTLY "
                        + "and let the migration build it again."),
                table.location().schema());
    }
}
