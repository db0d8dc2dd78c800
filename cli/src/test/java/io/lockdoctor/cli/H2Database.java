package io.lockdoctor.cli;

import io.lockdoctor.cli.demo.DemoInstallation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A private in-memory H2 database for one test, kept open (and so alive) until closed. */
final class H2Database implements AutoCloseable {
    final String url = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final Connection keeper;

    H2Database() throws SQLException {
        keeper = DriverManager.getConnection(url, "sa", "");
    }

    H2Database execute(String... statements) throws SQLException {
        try (Statement s = keeper.createStatement()) {
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
        try (Statement s = keeper.createStatement()) {
            s.execute("SHUTDOWN");
        } finally {
            keeper.close();
        }
    }
}
