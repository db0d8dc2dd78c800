package io.lockdoctor.dialects.h2;

import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.dialects.ConnectedClientsContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connected clients on H2 in server mode (a TCP server per test), where each client is a session. */
class H2TcpConnectedClientsTest extends ConnectedClientsContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.overTcp();

    @Override
    protected DatabaseFixture fixture() {
        return h2;
    }

    @Override
    protected boolean showsLastStatement() {
        return false;
    }

    @Override
    protected MonitoringClient monitoringClient() {
        try (Connection admin = java.sql.DriverManager.getConnection(h2.url(), h2.user(), h2.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS LD_MONITOR PASSWORD 'monitor' ADMIN");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource monitor = h2.dataSourceAs("LD_MONITOR", "monitor");
        return new MonitoringClient(monitor, new ClientExclusion("LD_MONITOR", null, null));
    }

    @Override
    protected String migratorJdbcUrl() {
        return h2.url();
    }
}
