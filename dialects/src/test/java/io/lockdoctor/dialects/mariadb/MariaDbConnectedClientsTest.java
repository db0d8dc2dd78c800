package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.dialects.ConnectedClientsContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connected clients on the real MariaDB server, a database of its own per test. Its process list
 * shows no statement for a sleeping connection, so a waiting node cannot be told from any other
 * idle client there: it counts as connected.
 */
class MariaDbConnectedClientsTest extends ConnectedClientsContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected DatabaseFixture fixture() {
        return mariadb;
    }

    @Override
    protected InspectionOptions options() {
        return new InspectionOptions(Optional.of(mariadb.database()), Set.of(), Optional.empty());
    }

    @Override
    protected boolean showsLastStatement() {
        return false;
    }

    @Override
    protected MonitoringClient monitoringClient() {
        String user = "ld_m_" + mariadb.database().substring(3);
        try (Connection admin = mariadb.adminDataSource().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'monitor'");
            statement.execute("GRANT ALL ON `" + mariadb.database() + "`.* TO '" + user + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource monitor = mariadb.dataSourceAs(user, "monitor");
        cleanupUser(user);
        return new MonitoringClient(monitor, new ClientExclusion(user, null, null));
    }

    private void cleanupUser(String user) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection admin = java.sql.DriverManager.getConnection(MariaDbFixture.configuredLocation().url(),
                    MariaDbFixture.configuredLocation().user(), MariaDbFixture.configuredLocation().password());
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            } catch (SQLException ignored) {
                // The server is gone; nothing to clean.
            }
        }));
    }

    @Override
    protected String migratorJdbcUrl() {
        return mariadb.ansiQuotesUrl();
    }
}
