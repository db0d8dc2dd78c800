package io.lockdoctor.dialects.oracle;

import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.dialects.H2CompatibilityDialect;
import io.lockdoctor.dialects.HistoryReadingContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.H2Mode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History and lock reading with the Oracle dialect's quoting and statements, on tables HAPI
 * created with its Oracle DDL ({@code number(1,0)} success), run by H2 in Oracle mode: no real
 * Oracle server was available.
 */
class OracleH2HistoryReadingTest extends HistoryReadingContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory(H2Mode.ORACLE, DriverTypeEnum.ORACLE_12C);

    @Override
    protected DatabaseFixture fixture() {
        return h2;
    }

    @Override
    protected LockDoctor doctor() {
        return LockDoctor.builder(h2.dataSource()).dialect(new H2CompatibilityDialect(new OracleDialect())).build();
    }

    @Override
    protected String dialectId() {
        return "oracle";
    }

    @Override
    protected String schema() {
        return "PUBLIC";
    }

    @Override
    protected String createSecondSchema() {
        h2.execute("CREATE SCHEMA LD_SECOND");
        return "LD_SECOND";
    }

    @Override
    protected List<String> systemSchemas() {
        return List.of("INFORMATION_SCHEMA");
    }

    @Test
    void hapiWroteANumberSuccessColumnThatReadsAsBoolean() {
        hapi().createTable().migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));

        String type = single("SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_NAME = 'FLY_HFJ_MIGRATION' AND COLUMN_NAME = 'success'");

        assertThat(type).isIn("NUMERIC", "DECFLOAT");
        assertThat(hfj(status()).latestVersion()).isEqualTo("8.6.1.20250101.1");
    }

    @Test
    void capsAStaleLookingLockAtUncertainBecauseNoRealServerWasTested() {
        hapi().createTable().leaveCrashedLock();

        TableReport hfj = hfj(doctor().status(InspectionOptions.defaults().withObserve(Duration.ofMillis(1100))
                .withMinAge(Duration.ZERO)));

        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).contains("has not been verified against a real Oracle server, so its verdicts there stop at UNCERTAIN");
        assertThat(hfj.evidence()).filteredOn(e -> e.kind() == EvidenceKind.UNVERIFIED_DIALECT).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("Not verified against a real Oracle server."));
    }

    private String single(String sql) {
        try (var c = h2.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
