package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.spi.DialectRegistry;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
    private static final Map<String, String> NO_ENV = Map.of();
    private static final Map<String, String> ENV_URL = Map.of("LOCKDOCTOR_URL", "jdbc:h2:mem:cdr");

    private static String[] args(String... words) {
        return words;
    }

    @Test
    void nothingIsWarmedForHelpTheVersionOrACommandWithoutDatabase() {
        for (String[] args : List.of(args("--help"), args("--version"), args("-V"), args("scan-log", "smile.log"),
                args("demo"), args("status", "--help", "--url", "jdbc:postgresql://db/cdr"),
                args("history", "-h", "--url=jdbc:postgresql://db/cdr"))) {
            assertThat(StartupWarmUp.wanted(args, ENV_URL)).as(String.join(" ", args)).isFalse();
        }
        assertThat(StartupWarmUp.wanted(args("status", "--observe", "0s"), NO_ENV)).isFalse();
    }

    @Test
    void aDatabaseCommandWithADatabaseIsWarmedFor() {
        assertThat(StartupWarmUp.wanted(args("status", "--url", "jdbc:postgresql://db/cdr"), NO_ENV)).isTrue();
        assertThat(StartupWarmUp.wanted(args("history", "--url=jdbc:h2:mem:cdr"), NO_ENV)).isTrue();
        assertThat(StartupWarmUp.wanted(args("doctor", "--smile-config", "/opt/smilecdr"), NO_ENV)).isTrue();
        assertThat(StartupWarmUp.wanted(args("wait", "--timeout", "5s"), ENV_URL)).isTrue();
    }

    @Test
    void theDriverIsTheOneTheUrlsPrefixNames() {
        assertThat(StartupWarmUp.driverClass(args("status", "--url", "jdbc:postgresql://db/cdr"), NO_ENV))
                .contains("org.postgresql.Driver");
        assertThat(StartupWarmUp.driverClass(args("status", "--url=JDBC:MYSQL://db/cdr"), NO_ENV))
                .contains("org.mariadb.jdbc.Driver");
        assertThat(StartupWarmUp.driverClass(args("clear", "--dry-run"), ENV_URL)).contains("org.h2.Driver");
        assertThat(StartupWarmUp.driverClass(args("status", "--url", "jdbc:derby:cdr"), NO_ENV)).isEmpty();
        assertThat(StartupWarmUp.driverClass(args("status", "--smile-config", "/opt/smilecdr"), NO_ENV)).isEmpty();
    }

    @Test
    void theCommandGetsTheDialectsTheWarmUpDiscovered() throws InterruptedException {
        AtomicInteger discoveries = new AtomicInteger();
        DialectDiscovery dialects = new DialectDiscovery(() -> {
            discoveries.incrementAndGet();
            return DialectRegistry.discover();
        });
        Thread warmUp = new Thread(dialects::warm);
        warmUp.start();
        warmUp.join();
        DialectRegistry registry = dialects.registry();
        assertThat(registry.dialects()).isNotEmpty();
        assertThat(dialects.registry()).isSameAs(registry);
        assertThat(discoveries).hasValue(1);
    }

    @Test
    void aDiscoveryThatFailedOnTheWarmUpIsRunAgainByTheCommand() {
        AtomicInteger discoveries = new AtomicInteger();
        DialectRegistry found = new DialectRegistry(List.of());
        DialectDiscovery dialects = new DialectDiscovery(() -> {
            if (discoveries.incrementAndGet() == 1) {
                throw new ServiceConfigurationError("a dialect could not be instantiated");
            }
            return found;
        });
        dialects.warm();
        assertThat(dialects.registry()).isSameAs(found);
        assertThat(discoveries).hasValue(2);
    }

    @Test
    void aDiscoveryThatFailsForTheCommandTooReachesIt() {
        DialectDiscovery dialects = new DialectDiscovery(() -> {
            throw new ServiceConfigurationError("a dialect could not be instantiated");
        });
        dialects.warm();
        assertThatThrownBy(dialects::registry).isInstanceOf(ServiceConfigurationError.class)
                .hasMessage("a dialect could not be instantiated");
    }
}
