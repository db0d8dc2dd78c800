package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.fixtures.PgBouncerFixture.ConsoleRole;
import io.lockdoctor.fixtures.PgBouncerFixture.PoolMode;
import io.lockdoctor.fixtures.PgBouncerFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import io.lockdoctor.fixtures.PostgresFixture;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console reader against a real PgBouncer 1.18, with each way of logging in and failing to. */
class PgBouncerConsoleTest {
    private static final SessionSettings SETTINGS = SessionSettings.withTimeout(Duration.ofSeconds(5));

    @RegisterExtension
    final PostgresDatabaseFixture database = new PostgresDatabaseFixture();

    @Test
    void listsTheClientsOfTheDatabaseWithTheSameAccountInStatsUsers() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.SESSION).start()) {
            DataSource app = pgbouncer.pool(database.database(), 2, "some-app");
            Instant before = Instant.now().minusSeconds(1);
            try (Connection client = app.getConnection(); Statement statement = client.createStatement()) {
                statement.execute("SELECT 1");
                try (PgBouncerConsole console = open(endpoint(pgbouncer),
                        new ConsoleCredentials(pgbouncer.user(), pgbouncer.password()))) {
                    assertThat(console.version()).startsWith("PgBouncer 1.");
                    PgBouncerSnapshot snapshot = console.snapshot();

                    List<PgBouncerClient> clients = snapshot.clientsOf(database.database());
                    assertThat(clients).singleElement().satisfies(c -> {
                        assertThat(c.user()).isEqualTo(pgbouncer.user());
                        assertThat(c.applicationName()).isEqualTo("some-app");
                        assertThat(c.address()).isEqualTo("127.0.0.1");
                        assertThat(c.port()).isPositive();
                        assertThat(c.connectTime()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
                        assertThat(c.requestTime()).isAfterOrEqualTo(c.connectTime());
                        // Session pooling: the client holds its server connection while connected.
                        assertThat(c.linkedServer()).isNotNull();
                        assertThat(c.endCommand()).isEqualTo("KILL " + database.database() + "; RESUME "
                                + database.database() + ";");
                        assertThat(c.endCommandNote()).contains("every client and server connection");
                    });
                    // The console session itself is a client of "pgbouncer", never of the database.
                    assertThat(snapshot.clients()).anySatisfy(c -> assertThat(c.database()).isEqualTo("pgbouncer"));

                    int backend = backendPid(client);
                    assertThat(snapshot.serverForBackend(backend)).hasValueSatisfying(server -> {
                        assertThat(server.database()).isEqualTo(database.database());
                        assertThat(server.linkedClient()).isEqualTo(clients.get(0).ptr());
                    });
                }
            }
        }
    }

    @Test
    void logsInWithAConsoleAccountFromTheEnvironmentOverMd5AndRejectsAWrongPassword() {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).authType("md5")
                .withoutServerAccountOnConsole().withConsoleAccount("ld_watch", "w4tch", ConsoleRole.STATS).start()) {
            ConsoleCredentials credentials = ConsoleCredentials.fromEnvironment(Map.of(
                    ConsoleCredentials.USER_VARIABLE, "ld_watch", ConsoleCredentials.PASSWORD_VARIABLE, "w4tch"))
                    .orElseThrow();
            assertThat(credentials.toString()).doesNotContain("w4tch");
            try (PgBouncerConsole console = open(endpoint(pgbouncer), credentials)) {
                assertThat(console.snapshot().clientsOf(database.database())).isEmpty();
                assertThat(console.snapshot().clients()).isNotEmpty();
            }
            assertThatThrownBy(() -> open(endpoint(pgbouncer),
                    new ConsoleCredentials("ld_watch", "wrong-secret")))
                    .isInstanceOfSatisfying(PoolerConsoleException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PoolerConsoleException.Reason.LOGIN_FAILED);
                        assertThat(e.getMessage()).doesNotContain("wrong-secret");
                    });
        }
    }

    @Test
    void tellsARefusedAccountFromAnotherServerAndFromNothingListening() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).withoutServerAccountOnConsole()
                .start()) {
            assertThatThrownBy(() -> open(endpoint(pgbouncer),
                    new ConsoleCredentials(pgbouncer.user(), pgbouncer.password())))
                    .isInstanceOfSatisfying(PoolerConsoleException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PoolerConsoleException.Reason.NOT_ALLOWED);
                        assertThat(e.provesPgBouncer()).isTrue();
                        assertThat(e.getMessage()).contains(ConsoleCredentials.USER_VARIABLE);
                    });
        }
        PoolerEndpoint postgres = PoolerEndpoint.fromJdbcUrl(PostgresFixture.DEFAULT_URL);
        assertThatThrownBy(() -> open(postgres, new ConsoleCredentials(database.user(),
                database.password())))
                .isInstanceOfSatisfying(PoolerConsoleException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoolerConsoleException.Reason.NOT_PGBOUNCER));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> open(new PoolerEndpoint("127.0.0.1", closedPort),
                new ConsoleCredentials("x", "y")))
                .isInstanceOfSatisfying(PoolerConsoleException.class,
                        e -> assertThat(e.reason()).isEqualTo(PoolerConsoleException.Reason.UNREACHABLE));
    }

    private static PgBouncerConsole open(PoolerEndpoint endpoint, ConsoleCredentials credentials) {
        return PgBouncerConsole.open(endpoint, credentials, SETTINGS, ConsoleTls.prefer(), Clock.systemUTC());
    }

    static PoolerEndpoint endpoint(PgBouncerFixture pgbouncer) {
        return new PoolerEndpoint(pgbouncer.host(), pgbouncer.port());
    }

    private static int backendPid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
