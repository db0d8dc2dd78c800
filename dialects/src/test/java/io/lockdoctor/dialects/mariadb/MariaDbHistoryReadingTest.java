package io.lockdoctor.dialects.mariadb;

import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.dialects.HistoryReadingContract;
import io.lockdoctor.dialects.SessionProbe;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading HAPI's tables on the real MariaDB server. HAPI writes through an ANSI_QUOTES session
 * (its DDL needs it); lockdoctor reads through a connection in the server's default mode.
 */
class MariaDbHistoryReadingTest extends HistoryReadingContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected DatabaseFixture fixture() {
        return mariadb;
    }

    @Override
    protected String dialectId() {
        return "mariadb";
    }

    @Override
    protected String schema() {
        return mariadb.database();
    }

    @Override
    protected String createSecondSchema() {
        return mariadb.createExtraDatabase();
    }

    @Override
    protected List<String> systemSchemas() {
        return List.of("information_schema", "mysql", "performance_schema", "sys");
    }

    @Test
    void readsThroughTheServersDefaultModeWhatHapiWroteInAnsiQuotesMode() {
        hapi().createTable().migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        String uuid = hapi().leaveCrashedLock();

        SessionProbe.whileReading(fixture().dataSource(), doctor -> doctor, borrowed -> {
            try (Statement statement = borrowed.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT @@SESSION.sql_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).doesNotContain("ANSI_QUOTES");
            }
        });
        TableReport hfj = hfj(status());

        assertThat(hfj.lock().uuid()).contains(uuid);
        assertThat(hfj.latestVersion()).isEqualTo("8.6.1.20250101.1");
        assertThat(status().product()).startsWith("MariaDB 10.");
    }

    @Test
    void readsTheSameThroughAnAnsiQuotesConnection() {
        hapi().createTable().migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        hapi().recordFailedTask("20250101.2");

        DatabaseReport report = LockDoctor.builder(mariadb.ansiQuotesDataSource()).build()
                .status(InspectionOptions.defaults().withObserve(Duration.ZERO));

        TableReport hfj = hfj(report);
        assertThat(report.dialect()).isEqualTo("mariadb");
        assertThat(hfj.migrations()).isEqualTo(2);
        assertThat(hfj.failedMigrations()).singleElement()
                .satisfies(f -> assertThat(f.version()).isEqualTo("8.6.1.20250101.2"));
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
    }
}
