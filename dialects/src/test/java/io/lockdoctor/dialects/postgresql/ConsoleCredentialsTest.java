package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleCredentialsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            ConsoleCredentials.USER_VARIABLE, "watcher", ConsoleCredentials.PASSWORD_VARIABLE, "from-env");

    @Test
    void anAccountGivenByTheOperatorComesFirstThenTheEnvironmentThenTheDatabaseAccount() {
        ConsoleCredentials given = new ConsoleCredentials("admin", "given");
        assertThat(ConsoleCredentials.choose(Optional.of(given), ENVIRONMENT, "app", "db")).isEqualTo(given);
        assertThat(ConsoleCredentials.choose(Optional.empty(), ENVIRONMENT, "app", "db"))
                .isEqualTo(new ConsoleCredentials("watcher", "from-env"));
        assertThat(ConsoleCredentials.choose(Optional.empty(), Map.of(ConsoleCredentials.PASSWORD_VARIABLE, "orphan"),
                "app", "db")).isEqualTo(new ConsoleCredentials("app", "db"));
    }

    @Test
    void neverShowsThePassword() {
        assertThat(new ConsoleCredentials("watcher", "from-env").toString()).contains("watcher").doesNotContain("from-env");
        assertThat(new ConsoleCredentials("watcher", null).toString()).contains("password=none");
    }
}
