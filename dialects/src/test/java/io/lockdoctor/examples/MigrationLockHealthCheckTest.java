package io.lockdoctor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationLockHealthCheckTest {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Test
    void aLockTakenTodayIsSettledByWaiting() throws Exception {
        h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable().leaveCrashedLock();
        MigrationLockHealthCheck check = new MigrationLockHealthCheck(h2.dataSource(), Duration.ofSeconds(1));

        assertThat(check.healthy()).isTrue();
        assertThat(check.toSettle()).anySatisfy(step -> assertThat(step).startsWith("look again after "));
    }

    @Test
    void unhealthyWhileAStaleLockIsThereHealthyOnceItIsGone() throws Exception {
        HapiMigratorHarness hapi = h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        try (Connection c = h2.dataSource().getConnection(); Statement s = c.createStatement()) {
            // The migrator died three days ago.
            s.execute("UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_on\" = CURRENT_DATE - 3 WHERE \"installed_rank\" = -100");
        }
        MigrationLockHealthCheck check = new MigrationLockHealthCheck(h2.dataSource(), Duration.ofSeconds(1));

        assertThat(check.healthy()).isFalse();
        assertThat(check.toSettle()).isEmpty();

        hapi.migrateClearingLock(uuid);
        assertThat(check.healthy()).isTrue();
    }
}
