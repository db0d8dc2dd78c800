package io.lockdoctor.cli;

import io.lockdoctor.cli.demo.DemoInstallation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A private in-memory H2 database for one test, alive until closed ({@code DB_CLOSE_DELAY=-1}).
 * No connection stays open between statements: an idle one would be a connected client, which
 * rules STALE out as a paused migrator's would.
 */
final class H2Database implements AutoCloseable {
    final String url = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    H2Database() throws SQLException {
        DriverManager.getConnection(url, "sa", "").close();
    }

    H2Database execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return this;
    }

    /** A history table created with HAPI's DDL (see DemoInstallationTest for the proof it is HAPI's). */
    H2Database hapiTable(String table) throws SQLException {
        return execute(DemoInstallation.ddl(table).toArray(String[]::new));
    }

    H2Database row(String table, int rank, String version, String description, String day, boolean success,
            String result) throws SQLException {
        return execute("INSERT INTO \"" + table + "\" VALUES (" + rank + ", " + quote(version) + ", " + quote(description)
                + ", 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', DATE '" + day + "', 12, " + success + ", " + quote(result) + ")");
    }

    private static String quote(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
