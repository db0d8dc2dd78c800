package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.spi.SessionActivity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's --exclude-client: parsed strictly, matched exactly on every part given. */
class ClientExclusionTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private static SessionActivity from(String user, String host, String application) {
        return new SessionActivity("1", user, host, application, T, null, false, false, false, true, "SELECT 1", List.of());
    }

    @Test
    void parsesEachPartAndTheShortApplicationName() {
        assertThat(ClientExclusion.parse("user=mon, app=agent ,host=10.0.0.9"))
                .isEqualTo(new ClientExclusion("mon", "agent", "10.0.0.9"));
        assertThat(ClientExclusion.parse("APPLICATION=agent")).isEqualTo(new ClientExclusion(null, "agent", null));
        assertThat(ClientExclusion.parse("host=db").toString()).isEqualTo("host=db");
        assertThat(new ClientExclusion("u", "a", "h").toString()).isEqualTo("user=u,application=a,host=h");
        assertThat(new ClientExclusion(null, "a", "h").toString()).isEqualTo("application=a,host=h");
    }

    @Test
    void rejectsWhatItCannotReadExactly() {
        for (String bad : List.of("", "user", "=x", "user=", "user=a,", "who=a", "user=a,user=b")) {
            assertThatThrownBy(() -> ClientExclusion.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("invalid client '" + bad + "'");
        }
        assertThatThrownBy(() -> ClientExclusion.parse("=x")).hasMessageContaining("expected user=U,application=A,host=H");
        assertThatThrownBy(() -> new ClientExclusion(null, null, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void everyGivenPartMustMatch() {
        ClientExclusion all = new ClientExclusion("mon", "agent", "10.0.0.9");

        assertThat(all.matches(from("mon", "10.0.0.9", "agent"))).isTrue();
        assertThat(all.matches(from("other", "10.0.0.9", "agent"))).isFalse();
        assertThat(all.matches(from("mon", "10.0.0.9", "other"))).isFalse();
        assertThat(all.matches(from("mon", "10.0.0.8", "agent"))).isFalse();
        assertThat(all.matches(from("mon", null, "agent"))).isFalse();
        assertThat(new ClientExclusion(null, "agent", null).matches(from("anyone", "anywhere", "agent"))).isTrue();
        assertThat(new ClientExclusion("mon", null, null).matches(from("mon", null, null))).isTrue();
    }

    @Test
    void theHostMatchesWithoutCaseAndWithoutAPort() {
        ClientExclusion host = new ClientExclusion(null, null, "Monitor.Example");

        assertThat(host.matches(from("u", "monitor.example", null))).isTrue();
        assertThat(host.matches(from("u", "monitor.example:53412", null))).as("MariaDB's host:port").isTrue();
        assertThat(host.matches(from("u", "monitor.example:x1", null))).as("not a port").isFalse();
        assertThat(new ClientExclusion(null, null, "::1").matches(from("u", "::1", null))).as("IPv6, no port").isTrue();
        assertThat(new ClientExclusion(null, null, "db").matches(from("u", ":5432", null))).isFalse();
    }
}
