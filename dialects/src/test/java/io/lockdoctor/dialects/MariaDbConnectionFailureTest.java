package io.lockdoctor.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.fixtures.MariaDbFixture;
import io.lockdoctor.fixtures.ServerLocation;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Login failures on the real MariaDB server, which checks passwords (the local PostgreSQL trusts
 * every login). The login fails before any dialect is chosen, so this holds for every database.
 */
class MariaDbConnectionFailureTest {
    private final ServerLocation server = MariaDbFixture.configuredLocation();

    @Test
    void reportsAWrongPasswordWithoutRevealingIt() throws SQLException {
        String wrongPassword = "ld-wrong-Secret-42";

        DatabaseReport report = status(server.url(), wrongPassword);

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error())
                .contains("Access denied")
                .contains("Check the user and the password")
                .doesNotContain(wrongPassword);
    }

    @Test
    void reportsAnUnknownDatabase() throws SQLException {
        String url = server.url().replace("/test", "/ld_no_such_database");

        DatabaseReport report = status(url, server.password());

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error()).contains("ld_no_such_database").contains("Check the database name in the JDBC URL");
    }

    private DatabaseReport status(String url, String password) throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource(url);
        dataSource.setUser(server.user());
        dataSource.setPassword(password);
        return LockDoctor.builder(dataSource).description(url).build().status(InspectionOptions.defaults());
    }
}
