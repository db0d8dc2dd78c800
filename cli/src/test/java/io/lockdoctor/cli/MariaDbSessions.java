package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** What the clear suites need to know about the sessions of a per-test MariaDB database. */
final class MariaDbSessions {
    private MariaDbSessions() {
    }

    /**
     * The test prepares and reads its scene through ANSI_QUOTES pools (HAPI's DDL and the suites'
     * double-quoted SQL need them); lockdoctor connects through {@code url()}, the server's default
     * mode, as an operator's URL would. MariaDB's schemas are databases: the schema is the test's database.
     */
    static ClearDatabase clearDatabase(MariaDbFixture mariadb, Path workingDirectory) {
        return new ClearDatabase(mariadb, mariadb.database(), workingDirectory, () -> awaitClientSessionsGone(mariadb),
                mariadb::newAnsiQuotesDataSource)
                .identifierQuote('`')
                // Without the performance schema MariaDB counts writes server-wide (Handler_*): another test
                // run writing anywhere on the shared server during a window makes the verdict UNCERTAIN.
                .retryWhenOnlyServerWideWritesBlockedStale(3);
    }

    /**
     * A closed connection leaves the process list a moment after the client quits; until then
     * lockdoctor's observe window would count it, since it is connected to the test's database.
     */
    static void awaitClientSessionsGone(MariaDbFixture mariadb) {
        awaitCount(mariadb, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + mariadb.database()
                + "' AND ID <> CONNECTION_ID()", "0", "sessions of the setup left " + mariadb.database());
    }

    /** Sessions of the server (any database) whose InnoDB transaction waits for a lock. */
    static String lockWaitsSql() {
        return "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'";
    }

    /**
     * InnoDB refreshes the cache behind {@code INNODB_TRX} and {@code INNODB_LOCKS} only when it was
     * not read for 100 ms: polled faster, they never change. Every poll of them waits longer than that.
     */
    static final long INNODB_VIEW_POLL_MILLIS = 150;

    /** Waits until some session of the test's database waits for a row lock. */
    static void awaitASessionWaitingForALock(MariaDbFixture mariadb) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String sql = "SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
                + "ON p.ID = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.DB = '" + mariadb.database() + "'";
        while ("0".equals(single(mariadb.adminDataSource(), sql))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session of " + mariadb.database() + " waits for a lock; sessions: "
                        + table(mariadb.adminDataSource(), "SELECT p.ID, p.DB, p.COMMAND, p.STATE, p.INFO, t.trx_state "
                        + "FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t "
                        + "ON t.trx_mysql_thread_id = p.ID"));
            }
            ClearProofContract.sleep(INNODB_VIEW_POLL_MILLIS);
        }
    }

    /** The server's id of the session behind {@code connection} ({@code CONNECTION_ID()}). */
    static long connectionId(Connection connection) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitCount(MariaDbFixture mariadb, String sql, String expected, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(single(mariadb.adminDataSource(), sql))) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            ClearProofContract.sleep(20);
        }
    }

    /** Every row of a query as text, for failure messages. */
    static String table(DataSource dataSource, String sql) {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                out.append("\n  ");
                for (int i = 1; i <= columns; i++) {
                    out.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
            }
        } catch (SQLException e) {
            out.append(" (").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    static String single(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
