package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.fixtures.PgBouncerFixture.PoolMode;
import io.lockdoctor.fixtures.PgBouncerFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whether lockdoctor's own connection goes through a pooler, against the real server and a real PgBouncer. */
class PoolerDetectionTest {
    private final PoolerInspector inspector =
            new PoolerInspector(SessionSettings.withTimeout(Duration.ofSeconds(5)), Clock.systemUTC());

    @RegisterExtension
    final PostgresDatabaseFixture database = new PostgresDatabaseFixture();

    @Test
    void findsNothingWhenConnectedToPostgresqlDirectly() {
        PoolerDetection detection = inspector.detect(database.newDataSource(4), database.url(),
                new ConsoleCredentials(database.user(), database.password()));

        assertThat(detection.throughPooler()).isFalse();
        assertThat(detection.pooler()).isEqualTo(PoolerDetection.Pooler.NONE_FOUND);
        assertThat(detection.transactionPooling()).isFalse();
        assertThat(detection.console()).isEmpty();
        assertThat(detection.checks()).extracting(PoolerCheck::kind).containsExactlyInAnyOrder(PoolerCheck.Kind.values());
        assertThat(detection.checks()).allSatisfy(check -> assertThat(check.found()).as(check.detail()).isFalse());
        assertThat(detection.summary()).startsWith("no pooler or proxy found at 127.0.0.1:5432");
    }

    @Test
    void findsPgBouncerInTransactionPooling() {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).start()) {
            PoolerDetection detection = detectThrough(pgbouncer, pgbouncer.password());

            assertThat(detection.throughPooler()).isTrue();
            assertThat(detection.pooler()).isEqualTo(PoolerDetection.Pooler.PGBOUNCER);
            assertThat(detection.transactionPooling()).isTrue();
            assertThat(detection.pgBouncerVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("PgBouncer 1."));
            assertThat(detection.console()).contains(PgBouncerConsoleTest.endpoint(pgbouncer));
            assertThat(found(detection)).contains(PoolerCheck.Kind.CANCEL_KEY, PoolerCheck.Kind.BACKEND_SHARED,
                    PoolerCheck.Kind.PGBOUNCER_CONSOLE).doesNotContain(PoolerCheck.Kind.PGPOOL_NODES);
            assertThat(detection.summary()).contains("goes through PgBouncer 1.").contains("transaction pooling")
                    .contains("cancel key");
        }
    }

    @Test
    void findsPgBouncerInSessionPoolingByItsCancelKeyAndConsole() {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.SESSION).start()) {
            PoolerDetection detection = detectThrough(pgbouncer, pgbouncer.password());

            assertThat(detection.pooler()).isEqualTo(PoolerDetection.Pooler.PGBOUNCER);
            assertThat(detection.transactionPooling()).isFalse();
            assertThat(found(detection)).contains(PoolerCheck.Kind.CANCEL_KEY, PoolerCheck.Kind.PGBOUNCER_CONSOLE)
                    .doesNotContain(PoolerCheck.Kind.BACKEND_SHARED);
        }
    }

    @Test
    void aConsoleThatRefusesTheAccountStillProvesPgBouncer() {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).withoutServerAccountOnConsole()
                .start()) {
            PoolerDetection detection = detectThrough(pgbouncer, pgbouncer.password());

            assertThat(detection.pooler()).isEqualTo(PoolerDetection.Pooler.PGBOUNCER);
            assertThat(detection.pgBouncerVersion()).isEmpty();
            assertThat(detection.console()).isPresent();
            assertThat(detection.checks()).filteredOn(c -> c.kind() == PoolerCheck.Kind.PGBOUNCER_CONSOLE)
                    .singleElement().satisfies(c -> assertThat(c.detail()).contains("refused"));
        }
    }

    private PoolerDetection detectThrough(PgBouncerFixture pgbouncer, String password) {
        DataSource throughPgBouncer = pgbouncer.pool(database.database(), 4, "lockdoctor");
        return inspector.detect(throughPgBouncer, pgbouncer.url(database.database()),
                new ConsoleCredentials(pgbouncer.user(), password));
    }

    private static java.util.List<PoolerCheck.Kind> found(PoolerDetection detection) {
        return detection.checks().stream().filter(PoolerCheck::found).map(PoolerCheck::kind).toList();
    }
}
