package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.StandardSessionObserver;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.dialects.mariadb.MySqlFamilyDialect.Flavor;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Sessions from {@code information_schema.PROCESSLIST} (every thread of the server, with the
 * PROCESS privilege), their open InnoDB transactions from {@code INNODB_TRX}, their table locks
 * from {@link TableLocks}, and writes from the server-wide {@code Innodb_rows_*} counters.
 * One server hosts many databases, so a window only counts sessions that use the locked tables'
 * databases: connected to one, naming one in their statement, or locking one of its tables.
 */
final class MySqlFamilySessionObserver extends StandardSessionObserver {
    /** The connection attribute that tags lockdoctor's sessions (visible with the performance schema on). */
    static final String PROGRAM_NAME = "program_name";

    private static final String SAMPLE = """
            SELECT p.ID, p.USER, p.HOST, p.DB, p.COMMAND, p.INFO,
                   UNIX_TIMESTAMP(NOW(6)) - p.TIME,
                   UNIX_TIMESTAMP(t.trx_started), t.trx_rows_modified, t.trx_tables_locked,
                   <application> AS application
              FROM information_schema.PROCESSLIST p
              LEFT JOIN information_schema.INNODB_TRX t
                     ON t.trx_mysql_thread_id = p.ID AND t.trx_autocommit_non_locking = 0
             WHERE p.COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Binlog Dump GTID')
            """;
    static final List<String> INNODB_ROW_COUNTERS = List.of("Innodb_rows_inserted", "Innodb_rows_updated",
            "Innodb_rows_deleted");
    static final List<String> HANDLER_ROW_COUNTERS = List.of("Handler_write", "Handler_update", "Handler_delete");
    private static final String NO_TRANSACTION_VIEW_FROM = "LEFT JOIN information_schema.INNODB_TRX t";
    /** The same columns, all NULL, when INNODB_TRX may not be read. */
    private static final String NO_TRANSACTION_VIEW_TO = "LEFT JOIN (SELECT NULL AS trx_mysql_thread_id, NULL AS "
            + "trx_started, NULL AS trx_rows_modified, NULL AS trx_tables_locked, 0 AS trx_autocommit_non_locking) t";
    private static final String APPLICATION_FROM_CONNECT_ATTRIBUTES = "(SELECT a.ATTR_VALUE FROM "
            + "performance_schema.session_connect_attrs a WHERE a.PROCESSLIST_ID = p.ID AND a.ATTR_NAME = '"
            + PROGRAM_NAME + "' LIMIT 1)";
    private static final String PROCESS_PRIVILEGE = """
            SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES
             WHERE PRIVILEGE_TYPE = 'PROCESS'
               AND (GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',
                                     SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')
                    OR GRANTEE IN (SELECT CONCAT('''', ROLE_NAME, '''') FROM information_schema.ENABLED_ROLES)
                    OR GRANTEE IN (SELECT CONCAT('''', ROLE_NAME, '''@''%''') FROM information_schema.ENABLED_ROLES))
            """;

    /**
     * MariaDB Connector/J sends a statement that has a JDBC query timeout as
     * {@code SET STATEMENT max_statement_time=N FOR <statement>}, and the process list shows it so.
     */
    private static final Pattern DRIVER_TIMEOUT_WRAPPER =
            Pattern.compile("^\\s*SET\\s+STATEMENT\\s+max_statement_time\\s*=\\s*[0-9.]+\\s+FOR\\s+",
                    Pattern.CASE_INSENSITIVE);

    private final Flavor flavor;
    private final TableLocks tableLocks;

    /** @param useMetadataLockInfo false to rely on lock waits and statement text only, as without the plugin */
    MySqlFamilySessionObserver(Flavor flavor, boolean useMetadataLockInfo) {
        super("SELECT CONNECTION_ID()", "SELECT CURRENT_USER()");
        this.flavor = flavor;
        this.tableLocks = new TableLocks(flavor, useMetadataLockInfo);
    }

    @Override
    public Observability observability(Statements sql) {
        String user = account(sql);
        if ("ON".equalsIgnoreCase(globalSetting(sql, "SHOW GLOBAL VARIABLES LIKE 'wsrep\\_on'"))) {
            return Observability.not("this server is a Galera cluster node (wsrep_on = ON): sessions on the other nodes "
                    + "do not show in its process list", "check every node of the cluster by hand");
        }
        long replicating = parseLong(globalSetting(sql, "SHOW GLOBAL STATUS LIKE 'Slaves\\_running'"));
        if (replicating > 0) {
            return Observability.not("this server is a replica (Slaves_running = " + replicating + "): the migration "
                    + "runs on the primary, whose sessions do not show here", "connect to the primary server");
        }
        if (sql.one("SELECT @@GLOBAL.read_only", RowMapper.INTEGER) != 0) {
            return Observability.not("this server is read_only, as replicas are: the migration runs on the primary, "
                    + "whose sessions do not show here", "connect to the primary server");
        }
        if (!hasProcessPrivilege(sql)) {
            return Observability.not("the account " + user + " lacks the PROCESS privilege, so "
                    + "information_schema.PROCESSLIST shows only its own sessions",
                    "use an account with the PROCESS privilege (GRANT PROCESS ON *.* TO " + grantee(user) + ")");
        }
        return Observability.proven("the account " + user + " has the PROCESS privilege and sees every session of this "
                + flavor.displayName + " server, which is neither a replica nor a Galera node; "
                + tableLocks.source(sql));
    }

    @Override
    public List<SessionActivity> sample(Statements sql) {
        return threads(sql).stream().map(Thread::activity).toList();
    }

    @Override
    public List<SessionActivity> sample(Statements sql, Collection<String> namespaces) {
        return threads(sql).stream().filter(t -> t.concerns(namespaces)).map(Thread::activity).toList();
    }

    /** One row of the process list: the session and the database it is connected to. */
    record Thread(SessionActivity activity, String database) {

        /**
         * Connected to one of the databases, naming one in its statement (qualified access from
         * elsewhere), or locking one of its tables. A session connected to no database cannot touch
         * a table without naming its database.
         */
        boolean concerns(Collection<String> namespaces) {
            String statement = activity.statement() == null ? "" : activity.statement().toLowerCase(Locale.ROOT);
            return namespaces.stream().anyMatch(namespace -> namespace.equalsIgnoreCase(database)
                    || statement.contains(namespace.toLowerCase(Locale.ROOT))
                    || activity.locks().stream().anyMatch(l -> namespace.equalsIgnoreCase(l.schema())));
        }
    }

    /**
     * Without PROCESS the process list shows only the account's own sessions and the InnoDB views
     * refuse to answer: then only the process list is read (observability already says why that
     * is not enough).
     */
    private List<Thread> threads(Statements sql) {
        boolean attributes = sql.one("SELECT @@GLOBAL.performance_schema", RowMapper.INTEGER) != 0;
        boolean process = hasProcessPrivilege(sql);
        TableLocks.Snapshot locks = process ? tableLocks.read(sql) : new TableLocks.Snapshot(Map.of(), false);
        String sample = SAMPLE.replace("<application>", attributes ? APPLICATION_FROM_CONNECT_ATTRIBUTES : "NULL");
        if (!process) {
            sample = sample.replace(NO_TRANSACTION_VIEW_FROM, NO_TRANSACTION_VIEW_TO);
        }
        return sql.list(sample, rs -> thread(rs, locks));
    }

    private static boolean hasProcessPrivilege(Statements sql) {
        return sql.one(PROCESS_PRIVILEGE, RowMapper.LONG) > 0;
    }

    private static Thread thread(ResultSet rs, TableLocks.Snapshot locks) throws SQLException {
        String id = Long.toString(rs.getLong(1));
        String database = rs.getString(4);
        String command = rs.getString(5);
        String statement = unwrapped(rs.getString(6));
        boolean running = statement != null && ("Query".equals(command) || "Execute".equals(command));
        Instant commandStart = epoch(rs.getBigDecimal(7));
        boolean inTransaction = rs.getBigDecimal(8) != null;
        long rowsModified = rs.getLong(9);
        long tablesLocked = rs.getLong(10);
        List<RelationLock> held = new ArrayList<>(locks.byThread().getOrDefault(id, List.of()));
        if (held.isEmpty() && tablesLocked > 0 && !locks.named()) {
            held.add(TableLocks.unnamed(database, tablesLocked));
        }
        // The process list knows when the current command began, not when the connection did; for
        // a sleeping connection that is when it went idle.
        return new Thread(new SessionActivity(id, rs.getString(2), rs.getString(3), rs.getString(11), null,
                running ? commandStart : null, running, inTransaction, rowsModified > 0, true, statement, held,
                commandStart), database);
    }

    /**
     * The statement as its client wrote it, without the timeout wrapper MariaDB's driver adds:
     * what a classifier or the final snapshot of a clear reads (a clear recognises a racing clear
     * waiting for its row by how that clear's read of the lock row begins).
     */
    static String unwrapped(String statement) {
        return statement == null ? null : DRIVER_TIMEOUT_WRAPPER.matcher(statement).replaceFirst("");
    }

    /**
     * Server-wide row writes: per-table counters need the performance schema or userstat, both off
     * by default. {@code Innodb_rows_inserted/updated/deleted} where the server has them (MySQL,
     * MariaDB before 10.11 dropped them); otherwise {@code Handler_write/update/delete}, which
     * count rows written to every engine's tables but not the internal temporary tables that
     * lockdoctor's own information_schema queries use ({@code Handler_tmp_*}).
     */
    @Override
    public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
        OptionalLong innodb = sumOfStatus(sql, INNODB_ROW_COUNTERS);
        return innodb.isPresent() ? innodb : sumOfStatus(sql, HANDLER_ROW_COUNTERS);
    }

    private static OptionalLong sumOfStatus(Statements sql, List<String> names) {
        List<String> values = sql.list("SHOW GLOBAL STATUS WHERE Variable_name IN (" + Statements.placeholders(names)
                + ")", rs -> rs.getString(2), names.toArray());
        if (values.size() < names.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(values.stream().mapToLong(MySqlFamilySessionObserver::parseLong).sum());
    }

    @Override
    public String terminateCommand(SessionActivity session) {
        return "KILL " + Long.parseLong(session.id()) + ";";
    }

    private static String globalSetting(Statements sql, String show) {
        return sql.first(show, rs -> rs.getString(2)).orElse(null);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant epoch(BigDecimal seconds) {
        if (seconds == null) {
            return null;
        }
        long whole = seconds.longValue();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** {@code user@host} as a GRANT names it: {@code 'user'@'host'}. */
    static String grantee(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        return at < 0 ? "'" + currentUser + "'"
                : "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
    }
}
