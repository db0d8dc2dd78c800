package io.lockdoctor.dialects.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H2 creates whatever database it is asked to open; through {@link H2Dialect#connectionUrl} it opens
 * only existing ones, embedded or over TCP, and a missing one is explained with its path.
 */
class H2NeverCreatesTest {
    private final H2Dialect dialect = new H2Dialect();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:/srv/cdr", "jdbc:h2:./cdr", "jdbc:h2:~/cdr;MODE=PostgreSQL",
        "jdbc:h2:tcp://db:9092/./cdr", "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"})
    void addsIfExistsToEveryForm(String url) {
        assertThat(dialect.connectionUrl(url)).isEqualTo(url + ";IFEXISTS=TRUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:./cdr;IFEXISTS=FALSE", "jdbc:h2:./cdr;ifexists=true", "jdbc:h2:./cdr; IfExists=TRUE;MODE=MySQL"})
    void leavesTheUrlsOwnChoice(String url) {
        assertThat(dialect.connectionUrl(url)).isEqualTo(url);
    }

    @Test
    void aMissingFileIsAnErrorNamingItsPathAndNothingIsCreated() {
        Path missing = dir.resolve("typo").resolve("cdr");
        String url = "jdbc:h2:file:" + missing;

        LockDoctorException explained = explainedFailure(url);

        assertThat(explained).isInstanceOf(DatabaseAccessException.class);
        assertThat(explained.getMessage()).contains("could not connect to " + url)
                .contains("no H2 database exists at " + missing + " (its file would be " + missing + ".mv.db)")
                .contains("never creates one").contains("check the path in the URL");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anExistingFileOpensAndAnExplicitIfExistsFalseStillCreates() throws SQLException {
        String existing = "jdbc:h2:file:" + dir.resolve("cdr");
        try (Connection c = DriverManager.getConnection(existing + ";IFEXISTS=FALSE", "sa", "")) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(dir.resolve("cdr.mv.db")).exists();
        try (Connection c = DriverManager.getConnection(dialect.connectionUrl(existing), "sa", "")) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aMissingDatabaseOnAnH2ServerThatWouldCreateItIsAnError() throws SQLException {
        Path base = dir.resolve("server");
        // -ifNotExists: the server lets clients create databases, so only the client's IFEXISTS stops it.
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", base.toString()).start();
        try {
            String url = "jdbc:h2:tcp://localhost:" + server.getPort() + "/./nope";

            LockDoctorException explained = explainedFailure(url);

            assertThat(explained).isInstanceOf(DatabaseAccessException.class);
            assertThat(explained.getMessage()).contains("the H2 server has no database " + base.resolve("nope"))
                    .contains("path after host:port");
        } finally {
            server.stop();
        }
        assertThat(!Files.exists(base) || isEmpty(base)).as("nothing created under " + base).isTrue();
    }

    @Test
    void aMissingInMemoryDatabaseSaysWhereSuchDatabasesLive() {
        LockDoctorException explained = explainedFailure("jdbc:h2:mem:ld-never-made-" + System.nanoTime());

        assertThat(explained.getMessage()).contains("no in-memory H2 database mem:ld-never-made-")
                .contains("lives only inside the JVM that made it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:cdr", "jdbc:h2:tcp://", "jdbc:h2:./cdr;NO_SUCH_SETTING=1"})
    void aMalformedUrlIsInvalidInput(String url) {
        // Each fails while H2 parses the URL, before it looks for any file.
        LockDoctorException explained = explainedFailure(url);

        assertThat(explained).isInstanceOf(InvalidInputException.class);
        assertThat(explained.getMessage()).contains("is not an H2 URL lockdoctor can open").doesNotContain("[9");
    }

    @Test
    void otherFailuresKeepTheGenericTranslation() {
        SQLException refused = new SQLException("Connection is broken", "08S01", 90067);
        assertThat(dialect.explainConnectFailure(refused, "jdbc:h2:tcp://db/x").isPresent()).isFalse();
    }

    private LockDoctorException explainedFailure(String url) {
        SQLException failure = catchThrowableOfType(
                () -> DriverManager.getConnection(dialect.connectionUrl(url), "sa", "").close(), SQLException.class);
        assertThat((Throwable) failure).as("connecting to " + url).isNotNull();
        return dialect.explainConnectFailure(failure, url).orElseThrow(() -> new AssertionError(
                "no explanation for " + failure.getErrorCode() + " " + failure.getMessage()));
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
