package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.fixtures.PostgresFixture;
import io.lockdoctor.fixtures.ServerLocation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database that cannot be inspected comes back as a report with {@code error} saying what
 * failed and what to check, promptly, never as an exception or a hang. (The local server trusts
 * every login, so a wrong password cannot be provoked here: an unknown role stands in for it.)
 */
class PostgresConnectionFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final ServerLocation server = PostgresFixture.configuredLocation();

    @Test
    void reportsAnUnreachableServerWithinTheTimeout() {
        String url = "jdbc:postgresql://127.0.0.1:1/test";
        Instant start = Instant.now();

        DatabaseReport report = status(url, server.user());

        assertThat(Duration.between(start, Instant.now())).isLessThan(TIMEOUT.plusSeconds(2));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.tables()).isEmpty();
        assertThat(report.error())
                .startsWith("could not connect to " + url)
                .containsIgnoringCase("refused")
                .contains("Check that the server is running and that host and port in the JDBC URL are right");
    }

    @Test
    void reportsAnUnknownDatabase() {
        String url = PostgresFixture.DEFAULT_URL.replace("/test", "/ld_no_such_database");

        DatabaseReport report = status(url, server.user());

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error()).contains("ld_no_such_database").contains("Check the database name in the JDBC URL");
    }

    @Test
    void reportsAnUnknownAccount() {
        DatabaseReport report = status(server.url(), "ld_no_such_role");

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error()).contains("ld_no_such_role").contains("Check the user and the password");
    }

    private static DatabaseReport status(String url, String user) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setConnectTimeout((int) TIMEOUT.toSeconds());
        return LockDoctor.builder(dataSource)
                .settings(SessionSettings.withTimeout(TIMEOUT))
                .description(url)
                .build()
                .status(InspectionOptions.defaults());
    }
}
