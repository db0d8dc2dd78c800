package io.lockdoctor.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StandardSessionObserverTest {
    /** Counts the schemas it is given that exist: a counter query of the same form as the dialects'. */
    private static final String EXISTING =
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME IN (<schemas>)";

    private final List<String> sent = new ArrayList<>();
    private Connection connection;
    private Statements sql;

    /** The smallest observer on H2: what the base states for it. */
    private static final class H2Observer extends StandardSessionObserver {
        H2Observer() {
            super("SELECT SESSION_ID()", "SELECT CURRENT_USER");
        }

        @Override
        public Observability observability(Statements sql) {
            return Observability.proven("the account " + account(sql) + " is enough for this test");
        }

        @Override
        public List<SessionActivity> sample(Statements sql) {
            return List.of();
        }

        @Override
        public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
            return OptionalLong.of(counted(sql, EXISTING, schemas));
        }

        @Override
        public String terminateCommand(SessionActivity session) {
            return "CALL ABORT_SESSION(" + session.id() + ");";
        }
    }

    @BeforeEach
    void open() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID());
        ds.setUser("observer");
        connection = ds.getConnection();
        sql = new Statements(connection, 5, (statement, took, failure) -> sent.add(statement));
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void readsTheSessionIdAndAccountWithItsQueries() {
        H2Observer observer = new H2Observer();

        assertThat(observer.sessionIdQuery()).isEqualTo("SELECT SESSION_ID()");
        // The only session of this new database is the test's own.
        assertThat(observer.sessionId(sql)).isEqualTo(
                sql.one("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS", RowMapper.STRING));
        assertThat(observer.observability(sql).detail()).isEqualTo("the account OBSERVER is enough for this test");
    }

    @Test
    void countsOverTheSchemasBoundOnePlaceholderEach() {
        OptionalLong counter = new H2Observer().writeCounter(sql, List.of("PUBLIC", "INFORMATION_SCHEMA", "NOPE"));

        assertThat(counter).hasValue(2);
        assertThat(sent).last().asString().contains("IN (?, ?, ?)").contains("[PUBLIC, INFORMATION_SCHEMA, NOPE]");
    }

    @Test
    void countsNothingAndSendsNothingForNoSchemas() {
        assertThat(new H2Observer().writeCounter(sql, List.of())).hasValue(0);
        assertThat(sent).isEmpty();
    }
}
