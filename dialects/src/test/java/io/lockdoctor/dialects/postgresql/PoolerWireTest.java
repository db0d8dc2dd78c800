package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Login arithmetic against published vectors, and the parsing of addresses and PgBouncer's times. */
class PoolerWireTest {

    @Test
    void scramMatchesTheRfc7677Example() throws Exception {
        ScramClient scram = new ScramClient("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assertThat(scram.clientFirstMessage()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertThat(scram.clientFinalMessage(serverFirst)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)"
                + "hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        scram.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void scramRefusesAServerThatDoesNotKnowThePassword() throws Exception {
        ScramClient scram = new ScramClient("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        scram.clientFirstMessage();
        scram.clientFinalMessage("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThatThrownBy(() -> scram.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
                .isInstanceOf(ConsoleWireException.class).hasMessageContaining("does not know");
        ScramClient other = new ScramClient("user", "pencil", "abc");
        other.clientFirstMessage();
        assertThatThrownBy(() -> other.clientFinalMessage("r=somebodyelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isInstanceOf(ConsoleWireException.class);
    }

    @Test
    void md5AnswerIsPostgresqls() {
        // md5(md5("secret" + "pgbouncer") as hex + salt), computed independently with Python's hashlib.
        assertThat(ConsoleWire.md5Password("pgbouncer", "secret", new byte[] {1, 2, 3, 4}))
                .isEqualTo("md5adf837373ff0ecf309deabaa68fd5561");
    }

    @Test
    void readsTheAddressOfAJdbcUrlAndAnAdminAddress() {
        assertThat(PoolerEndpoint.fromJdbcUrl("jdbc:postgresql://db.example:6432/fhir?user=x"))
                .isEqualTo(new PoolerEndpoint("db.example", 6432));
        assertThat(PoolerEndpoint.fromJdbcUrl("jdbc:postgresql://db.example/fhir"))
                .isEqualTo(new PoolerEndpoint("db.example", 5432));
        assertThat(PoolerEndpoint.fromJdbcUrl("jdbc:postgresql://a:6432,b:6433/fhir"))
                .isEqualTo(new PoolerEndpoint("a", 6432));
        assertThat(PoolerEndpoint.fromJdbcUrl("jdbc:postgresql://[::1]:6432/fhir"))
                .isEqualTo(new PoolerEndpoint("::1", 6432));
        assertThat(PoolerEndpoint.fromJdbcUrl("jdbc:postgresql:fhir")).isEqualTo(new PoolerEndpoint("localhost", 5432));
        assertThat(PoolerEndpoint.parse("pgbouncer.internal:6432")).isEqualTo(new PoolerEndpoint("pgbouncer.internal", 6432));
        assertThat(PoolerEndpoint.parse("[fd00::5]:6432").toString()).isEqualTo("[fd00::5]:6432");
        assertThatThrownBy(() -> PoolerEndpoint.parse("pgbouncer")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PoolerEndpoint.parse("pgbouncer:0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PoolerEndpoint.fromJdbcUrl("jdbc:mariadb://x:1/y?password=hunter2"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void readsPgBouncersTimes() {
        assertThat(PgBouncerConsole.time("2026-11-30 23:17:31 UTC")).isEqualTo(Instant.parse("2026-11-30T23:17:31Z"));
        assertThat(PgBouncerConsole.time("2026-11-30 23:17:31.123456 UTC"))
                .isEqualTo(Instant.parse("2026-11-30T23:17:31.123456Z"));
        assertThat(PgBouncerConsole.time("2026-11-30 23:17:31 CET")).isEqualTo(Instant.parse("2026-11-30T22:17:31Z"));
        assertThat(PgBouncerConsole.time("yesterday")).isNull();
        assertThat(PgBouncerConsole.time(null)).isNull();
    }

    @Test
    void quotesDatabaseNamesForTheConsoleOnlyWhenNeeded() {
        assertThat(PgBouncerConsole.consoleIdentifier("fhir_db")).isEqualTo("fhir_db");
        assertThat(PgBouncerConsole.consoleIdentifier("fhir-db")).isEqualTo("\"fhir-db\"");
        assertThat(PgBouncerConsole.consoleIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
