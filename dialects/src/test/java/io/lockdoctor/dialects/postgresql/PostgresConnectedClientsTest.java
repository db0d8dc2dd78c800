package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import io.lockdoctor.core.evidence.ClientExclusion;
import io.lockdoctor.dialects.ConnectedClientsContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connected clients and lock waiters on the real PostgreSQL server, a database of its own per test. */
class PostgresConnectedClientsTest extends ConnectedClientsContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected DatabaseFixture fixture() {
        return pg;
    }

    @Override
    protected String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    protected boolean showsLastStatement() {
        return true;
    }

    @Override
    protected void configureApplication(HikariConfig config, String application) {
        config.addDataSourceProperty("ApplicationName", application);
    }

    @Override
    protected MonitoringClient monitoringClient() {
        DataSource monitor = pg.newFixedPool(1, config -> config.addDataSourceProperty("ApplicationName", "ld-monitor"));
        return new MonitoringClient(monitor, new ClientExclusion(null, "ld-monitor", null));
    }

    @Override
    protected String migratorJdbcUrl() {
        return pg.url();
    }

    /**
     * A closed pool's backends end asynchronously (and publish their counters as they exit).
     * lockdoctor's own idle pooled connections stay: they show its session reset as last statement.
     */
    @Override
    protected void awaitGone(DataSource closed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String remaining;
        while (true) {
            try (Connection admin = pg.adminDataSource().getConnection();
                    Statement statement = admin.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT string_agg(pid || ' ' || application_name || ' '"
                            + " || state || ' ' || query, '; ') FROM pg_stat_activity WHERE datname = '"
                            + pg.database() + "' AND backend_type = 'client backend' AND application_name <> '"
                            + LOCKDOCTOR_POOL + "' AND query NOT LIKE 'RESET %'")) {
                rs.next();
                remaining = rs.getString(1);
                if (remaining == null) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(System.nanoTime()).as("the scene's sessions left " + pg.database() + ", still: " + remaining)
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
