package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.Confirmation;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clearing transaction under races on the real PostgreSQL server, and its connection killed mid-way. */
class PostgresClearTransactionTest extends ClearTransactionContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return PostgresSessions.clearDatabase(pg, workingDirectory);
    }

    @Override
    protected void awaitASessionWaitingForALock() {
        awaitCount("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + pg.database()
                + "' AND wait_event_type = 'Lock'", "1", "a session waiting for a lock");
    }

    private void awaitCount(String sql, String expected, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(PostgresSessions.single(pg.adminDataSource(), sql))) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            ClearProofContract.sleep(10);
        }
    }

    // (e): the server ends lockdoctor's backend after the row was re-read under its lock and the intent
    // recorded, right before the DELETE is sent.
    @Test
    void aConnectionKilledBeforeTheDeleteDeletesNothingAndARetryWorks() throws Exception {
        String uuid = crashedMigratorsLock();
        AtomicReference<String> killed = new AtomicReference<>();
        DataSource hooked = new HookedDataSource(pg.newDataSource(3))
                .before(DELETE, connection -> {
                    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        killed.set(rs.getString(1));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    assertThat(PostgresSessions.single(pg.adminDataSource(), "SELECT pg_terminate_backend(" + killed.get()
                            + ")")).isEqualTo("t");
                    awaitCount("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + killed.get(), "0",
                            "backend " + killed.get() + " ended");
                })
                .dataSource();
        Path audit = work.resolve("audit.log");
        Clearer clearer = clearer(hooked, audit);

        ClearOutcome lost = clearer.clear(request(uuid), Confirmation.YES);

        assertThat(killed.get()).isNotNull();
        assertThat(lost.result()).as(lost.message()).isEqualTo(ClearResult.FAILED);
        assertThat(CliExit.of(lost)).isEqualTo(ExitCodes.ERROR);
        assertThat(lost.message()).startsWith("The clear failed before its commit: could not ")
                .contains("The lock row is still there: nothing was deleted; run the same command again.");
        assertThat(lost.restoreStatement()).startsWith("INSERT INTO ");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME FAILED");
        assertThat(auditLines(audit).get(1).get("message").asText()).contains("nothing was deleted");

        ClearOutcome retry = clearer.clear(request(uuid), Confirmation.YES);

        assertThat(retry.result()).as(retry.message()).isEqualTo(ClearResult.DELETED);
        assertThat(db.lockRows()).isEmpty();
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME FAILED", "INTENT null", "OUTCOME DELETED");
    }
}
