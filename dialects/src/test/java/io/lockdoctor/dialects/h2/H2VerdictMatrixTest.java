package io.lockdoctor.dialects.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.dialects.VerdictMatrixContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verdict matrix on embedded H2, each test in its own in-memory database. */
class H2VerdictMatrixTest extends VerdictMatrixContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Override
    protected DatabaseFixture fixture() {
        return h2;
    }

    @Override
    protected String schema() {
        return "PUBLIC";
    }

    @Override
    protected DataSource accountThatCannotSeeSessions() {
        execute("CREATE USER LD_READER PASSWORD 'reader'", "GRANT SELECT ON \"FLY_HFJ_MIGRATION\" TO LD_READER");
        return h2.dataSourceAs("LD_READER", "reader");
    }

    @Override
    protected void assertIdentifies(SessionFinding finding) {
        assertThat(finding.session().id()).matches("[1-9][0-9]*");
        assertThat(finding.session().user()).isEqualTo("SA");
        assertThat(finding.terminateCommand()).isEqualTo("CALL ABORT_SESSION(" + finding.session().id() + ");");
    }

    /** ACTIVE without HAPI: another session holding an open transaction that wrote to the history table. */
    @Test
    void anOpenTransactionOnTheHistoryTableIsActive() throws SQLException {
        crashedMigratorsLock();
        settle();

        try (Connection other = h2.newDataSource(1).getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("UPDATE \"FLY_HFJ_MIGRATION\" SET \"execution_time\" = \"execution_time\" + 1 "
                        + "WHERE \"installed_rank\" = 1");
            }

            TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

            assertThat(hfj.verdict()).isEqualTo(Verdict.ACTIVE);
            assertThat(hfj.reason()).contains("locking the history table PUBLIC.FLY_HFJ_MIGRATION");
            assertThat(hfj.sessions()).singleElement().satisfies(f -> {
                assertThat(f.effect()).isEqualTo(SessionFinding.Effect.ACTIVE);
                assertThat(f.terminateCommand()).startsWith("CALL ABORT_SESSION(");
            });
            assertThat(evidence(hfj, EvidenceKind.HISTORY_PROGRESS)).as("uncommitted: not visible to others").isEmpty();
            other.rollback();
        }
    }
}
