package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.dialects.ConnectedClientsContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
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

    /**
     * PostgreSQL 15+ publishes an idle session's pending counters about 10 s late: writes an
     * excluded client made before the window show as a rise inside it. That rise is explained, not
     * a reason for doubt.
     */
    @Test
    void writesMadeBeforeTheWindowAndPublishedInsideItAreExplained() throws Exception {
        staleLock();
        MonitoringClient monitor = monitoringClient();
        try (Connection client = monitor.dataSource().getConnection(); Statement statement = client.createStatement()) {
            statement.execute("CREATE TABLE ld_monitor_writes (id INT)");
            TimeUnit.MILLISECONDS.sleep(1200);
            // The first write is published at once, the second, within a second of it, only once the
            // session has been idle for about 10 s: during the window below.
            statement.executeUpdate("INSERT INTO ld_monitor_writes VALUES (1)");
            statement.executeUpdate("INSERT INTO ld_monitor_writes VALUES (2)");
            TimeUnit.MILLISECONDS.sleep(7000);

            TableReport report = hfj(lockdoctor(), options().withObserve(Duration.ofSeconds(4))
                    .withMinAge(Duration.ZERO).withExcludedClients(List.of(monitor.exclusion())));

            assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.STALE);
            assertThat(evidence(report, EvidenceKind.WRITE_COUNTERS)).singleElement().satisfies(e -> {
                assertThat(e.observed()).as("the late rise fell into the window").matches("\\+[1-9][0-9]* \\([1-9][0-9]* explained\\)");
                assertThat(e.detail()).contains("made before the window by session").contains("published late");
            });
        }
    }

    /**
     * A write an excluded client makes at the very end of the window (then a SELECT 1, so the
     * sample sees no write) is published only about 10 s later: the counters are read again
     * after that, and the write is never missed.
     */
    @Test
    void aWriteAtTheEndOfTheWindowPublishedLateIsNotMissed() throws Exception {
        staleLock();
        MonitoringClient monitor = monitoringClient();
        try (Connection client = monitor.dataSource().getConnection(); Statement statement = client.createStatement()) {
            statement.execute("CREATE TABLE ld_monitor_writes (id INT)");
            TimeUnit.MILLISECONDS.sleep(1200);
            CompletableFuture<TableReport> report = CompletableFuture.supplyAsync(() -> hfj(lockdoctor(),
                    window().withExcludedClients(List.of(monitor.exclusion()))));
            TimeUnit.MILLISECONDS.sleep(WINDOW.toMillis() - 400);
            // The read publishes at once; the insert, within a second of it, only after ~10 s idle.
            statement.executeQuery("SELECT COUNT(*) FROM ld_monitor_writes").close();
            statement.executeUpdate("INSERT INTO ld_monitor_writes VALUES (1)");
            statement.executeQuery("SELECT 1").close();

            TableReport hfj = report.get(60, TimeUnit.SECONDS);
            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(hfj.reason()).contains("write counters");
            assertThat(evidence(hfj, EvidenceKind.WRITE_COUNTERS)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("read again"));
        }
    }
}
