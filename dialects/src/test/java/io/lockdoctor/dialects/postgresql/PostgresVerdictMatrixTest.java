package io.lockdoctor.dialects.postgresql;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.dialects.VerdictMatrixContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verdict matrix on the real PostgreSQL server, in a database of its own per test:
 * {@code pg_stat_activity} and {@code pg_stat_user_tables} are per database, so other test runs
 * sharing the server cannot put sessions or writes into the window.
 */
class PostgresVerdictMatrixTest extends VerdictMatrixContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected DatabaseFixture fixture() {
        return pg;
    }

    @Override
    protected String schema() {
        return pg.schema();
    }

    @Override
    protected DataSource accountThatCannotSeeSessions() {
        String role = "ld_reader_" + pg.database().substring(3);
        execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'",
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON \"FLY_HFJ_MIGRATION\" TO " + role);
        afterTest(() -> execute(pg.adminDataSource(), "DROP ROLE IF EXISTS " + role));
        afterTest(() -> execute(pg.dataSource(), "DROP OWNED BY " + role));
        assertThat(single(setup(), "SELECT pg_has_role('" + role + "', 'pg_read_all_stats', 'USAGE')"))
                .isEqualTo("f");
        return pg.dataSourceAs(role, "reader");
    }

    @Override
    protected void assertIdentifies(SessionFinding finding) {
        assertThat(finding.session().id()).matches("[1-9][0-9]*");
        assertThat(finding.session().user()).isEqualTo(pg.user());
        assertThat(finding.session().application()).isEqualTo("PostgreSQL JDBC Driver");
        assertThat(finding.terminateCommand()).isEqualTo("SELECT pg_terminate_backend(" + finding.session().id() + ");");
    }

    /** Closed connections end their backends asynchronously; a backend flushes its write counters as it exits. */
    @Override
    protected void awaitSetupSessionsGone() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String count = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + pg.database()
                + "' AND backend_type = 'client backend'";
        while (!"0".equals(single(pg.adminDataSource(), count))) {
            assertThat(System.nanoTime()).as("sessions of the setup left " + pg.database()).isLessThan(deadline);
            sleep(20);
        }
    }

    // (c): the command an operator copies from the report names the backend that runs the DDL.
    @Test
    void theActiveSessionIsTheBackendRunningTheDdl() throws Exception {
        crashedMigratorsLock();
        settle();
        CompletableFuture<Void> slow = inBackground("CREATE TABLE LD_SLOW AS SELECT 1 AS S FROM pg_sleep(3)");
        awaitRunning("LD_SLOW");

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).isEqualTo(Verdict.ACTIVE);
        SessionFinding finding = hfj.sessions().get(0);
        assertThat(single(pg.adminDataSource(), "SELECT query FROM pg_stat_activity WHERE pid = "
                + finding.session().id())).contains("LD_SLOW");
        slow.get(30, TimeUnit.SECONDS);
    }

    // (h) on PostgreSQL
    @Test
    void reportsAnInvalidIndexLeftByAFailedCreateIndexConcurrentlyAsDamage() {
        hapi(HFJ_TABLE).createTable();
        execute("CREATE TABLE HFJ_RESOURCE (RES_ID BIGINT NOT NULL, RES_TYPE VARCHAR(40))",
                "INSERT INTO HFJ_RESOURCE VALUES (1, 'Patient'), (2, 'Patient')");
        try {
            execute("CREATE UNIQUE INDEX CONCURRENTLY IDX_RES_TYPE_UNIQUE ON HFJ_RESOURCE (RES_TYPE)");
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("duplicate");
        }
        settle();

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(evidence(hfj, EvidenceKind.DAMAGE)).singleElement().satisfies(e -> {
            assertThat(e.observed()).isEqualTo("invalid index idx_res_type_unique on hfj_resource");
            assertThat(e.detail()).contains("indisvalid is false", "DROP INDEX CONCURRENTLY");
        });
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
    }

    /**
     * Found by this suite: DDL sent with a leading line comment matched nothing, and a new table's
     * lock does not show (its pg_class row is not yet visible), so a migration running it was missed.
     */
    @Test
    void ddlBehindALineCommentIsActive() throws Exception {
        crashedMigratorsLock();
        settle();
        CompletableFuture<Void> slow = inBackground(
                "-- HAPI FHIR 8.6.1 task 20250101.2\nCREATE TABLE LD_SLOW AS SELECT 1 AS S FROM pg_sleep(3)");
        awaitRunning("LD_SLOW");

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.ACTIVE);
        assertThat(hfj.reason()).contains("running DDL: -- HAPI FHIR 8.6.1 task 20250101.2 CREATE TABLE LD_SLOW");
        slow.get(30, TimeUnit.SECONDS);
    }

    /**
     * Found by this suite: with track_activities off, pg_stat_activity shows a session as 'disabled'
     * with no statement, so a migration running there looked like an idle session.
     */
    @Test
    void aSessionHidingItsActivityMakesSessionsNotObservable() throws Exception {
        crashedMigratorsLock();
        settle();
        CompletableFuture<Void> hidden = inBackground("SET track_activities = off",
                "CREATE TABLE LD_SLOW AS SELECT 1 AS S FROM pg_sleep(3)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"1".equals(single(pg.adminDataSource(), "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '"
                + pg.database() + "' AND state = 'disabled'"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            sleep(20);
        }

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).startsWith("Other sessions are not observable (").contains("track_activities");
        hidden.get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> inBackground(String... statements) {
        DataSource dataSource = pg.newDataSource(1);
        return CompletableFuture.runAsync(() -> execute(dataSource, statements));
    }

    private void awaitRunning(String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"1".equals(single(pg.adminDataSource(), "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '"
                + pg.database() + "' AND state = 'active' AND query LIKE '%" + fragment + "%'"))) {
            assertThat(System.nanoTime()).as(fragment + " running").isLessThan(deadline);
            sleep(20);
        }
    }

    private static String single(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
