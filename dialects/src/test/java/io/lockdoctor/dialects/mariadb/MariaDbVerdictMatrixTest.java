package io.lockdoctor.dialects.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.dialects.VerdictMatrixContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verdict matrix on the real MariaDB server, in a database of its own per test. The server's
 * process list and InnoDB row counters are server-wide: sessions of other databases are left out
 * by the dialect, but writes anywhere on the server during a window block STALE (by design).
 *
 * <p>Table locks of idle transactions show only through the {@code metadata_lock_info} plugin,
 * which this suite installs if the server lacks it (an information_schema view, no other effect);
 * {@link #withoutTheMetadataLockPluginAnIdleTransactionOnTheHistoryTableBlocksStale} covers servers
 * without it.
 */
class MariaDbVerdictMatrixTest extends VerdictMatrixContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @BeforeAll
    static void installMetadataLockInfo() throws SQLException {
        MariaDbFixture.installMetadataLockInfo();
    }

    @Override
    protected DatabaseFixture fixture() {
        return mariadb;
    }

    @Override
    protected String schema() {
        return mariadb.database();
    }

    @Override
    protected InspectionOptions options() {
        return new InspectionOptions(Optional.of(mariadb.database()), Set.of(), Optional.empty());
    }

    @Override
    protected DataSource newScenePool(int maxPoolSize) {
        return mariadb.newAnsiQuotesDataSource(maxPoolSize);
    }

    @Override
    protected String quoted(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    protected String lockDatedDaysAgo(int days) {
        return "UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_on\" = DATE_SUB(\"installed_on\", INTERVAL " + days
                + " DAY) WHERE \"installed_rank\" = -100";
    }

    @Override
    protected String dropRankIndex() {
        return "DROP INDEX FLY_HFJ_MIGRATION_PK_INDEX ON \"FLY_HFJ_MIGRATION\"";
    }

    @Override
    protected boolean showsSessionStart() {
        return false;
    }

    @Override
    protected DataSource accountThatCannotSeeSessions() {
        String user = "ld_r_" + mariadb.database().substring(3);
        execute(mariadb.adminDataSource(), "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'reader'",
                "GRANT SELECT ON `" + mariadb.database() + "`.* TO '" + user + "'@'%'");
        afterTest(() -> execute(mariadb.adminDataSource(), "DROP USER IF EXISTS '" + user + "'@'%'"));
        return mariadb.dataSourceAs(user, "reader");
    }

    @Override
    protected void assertIdentifies(SessionFinding finding) {
        assertThat(finding.session().id()).matches("[1-9][0-9]*");
        assertThat(finding.session().user()).isEqualTo(mariadb.user());
        assertThat(finding.session().host()).startsWith("127.0.0.1:");
        assertThat(finding.terminateCommand()).isEqualTo("KILL " + finding.session().id() + ";");
    }

    @Test
    void theAccountWithoutProcessIsToldWhichGrantIsMissing() {
        crashedMigratorsLock();
        DataSource restricted = accountThatCannotSeeSessions();
        settle();

        TableReport hfj = hfj(LockDoctor.builder(restricted).build().status(window(Duration.ZERO)));

        assertThat(hfj.reason()).contains("lacks the PROCESS privilege");
        assertThat(hfj.settleBy()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(Advice.InWords.class,
                words -> assertThat(words.text()).contains("GRANT PROCESS ON *.* TO 'ld_r_")));
    }

    @Test
    void theEvidenceSaysWhereTableLocksComeFrom() {
        crashedMigratorsLock();
        settle();

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(evidence(hfj, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("has the PROCESS privilege", "table locks from information_schema.METADATA_LOCK_INFO"));
    }

    @Test
    void ddlRunningInAnotherDatabaseOfTheServerDoesNotCount() throws Exception {
        crashedMigratorsLock();
        String other = mariadb.createExtraDatabase();
        settle();
        DataSource elsewhere = mariadb.dataSourceInSchema(other);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(
                () -> execute(elsewhere, "CREATE TABLE LD_ELSEWHERE AS SELECT SLEEP(3) AS S"));
        awaitRunning("LD_ELSEWHERE");

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.STALE);
        assertThat(hfj.sessions()).isEmpty();
        slow.get(30, TimeUnit.SECONDS);
    }

    @Test
    void ddlNamingThisDatabaseFromAnotherCounts() throws Exception {
        crashedMigratorsLock();
        String other = mariadb.createExtraDatabase();
        settle();
        DataSource elsewhere = mariadb.dataSourceInSchema(other);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> execute(elsewhere,
                "CREATE TABLE `" + mariadb.database() + "`.LD_QUALIFIED AS SELECT SLEEP(3) AS S"));
        awaitRunning("LD_QUALIFIED");

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.ACTIVE);
        assertThat(hfj.reason()).contains("running DDL: CREATE TABLE `" + mariadb.database() + "`.LD_QUALIFIED");
        slow.get(30, TimeUnit.SECONDS);
    }

    /** Without the plugin, an idle transaction's locks are not named: STALE is blocked, ACTIVE not proven. */
    @Test
    void withoutTheMetadataLockPluginAnIdleTransactionOnTheHistoryTableBlocksStale() throws SQLException {
        crashedMigratorsLock();
        settle();
        try (Connection other = mariadb.newDataSource(1).getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("UPDATE `FLY_HFJ_MIGRATION` SET `execution_time` = `execution_time` + 1 "
                        + "WHERE `installed_rank` = 1");
            }

            TableReport hfj = hfj(LockDoctor.builder(mariadb.newDataSource(3)).dialect(new MariaDbDialect(false)).build()
                    .status(window(Duration.ZERO)));

            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(hfj.sessions()).singleElement().satisfies(f -> {
                assertThat(f.effect()).isEqualTo(SessionFinding.Effect.BLOCKING);
                assertThat(f.why()).contains("1 InnoDB table(s), not named without metadata_lock_info");
            });
            assertThat(evidence(hfj, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement().satisfies(e -> assertThat(
                    e.detail()).contains("install the metadata_lock_info plugin"));
            other.rollback();
        }
    }

    /** With the plugin, the same transaction is named as locking the history table: ACTIVE. */
    @Test
    void anIdleTransactionOnTheHistoryTableIsActive() throws SQLException {
        crashedMigratorsLock();
        settle();
        try (Connection other = mariadb.newDataSource(1).getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("UPDATE `FLY_HFJ_MIGRATION` SET `execution_time` = `execution_time` + 1 "
                        + "WHERE `installed_rank` = 1");
            }

            TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.ACTIVE);
            assertThat(hfj.reason()).contains("locking the history table " + mariadb.database() + ".FLY_HFJ_MIGRATION");
            other.rollback();
        }
    }

    private void awaitRunning(String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection c = mariadb.adminDataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                            + "WHERE COMMAND = 'Query' AND INFO LIKE '%" + fragment + " AS SELECT%'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(System.nanoTime()).as(fragment + " running").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
