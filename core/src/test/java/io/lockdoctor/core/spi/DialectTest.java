package io.lockdoctor.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.UnsupportedDatabaseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialectTest {

    /** The smallest dialect: what the interface's defaults do on their own. */
    private record TestDialect(String id, char identifierQuote, int detectionPriority, String product)
            implements Dialect {
        @Override
        public String displayName() {
            return id;
        }

        @Override
        public boolean acceptsUrl(String jdbcUrl) {
            return jdbcUrl.startsWith("jdbc:" + id + ":");
        }

        @Override
        public boolean acceptsProduct(String productName, String productVersion) {
            return productName.equals(product);
        }

        @Override
        public boolean isSystemSchema(String schema) {
            return false;
        }

        @Override
        public Map<String, String> connectionProperties(SessionSettings settings) {
            return Map.of();
        }

        @Override
        public List<String> sessionSetup(SessionSettings settings) {
            return List.of();
        }

        @Override
        public List<String> sessionReset() {
            return List.of();
        }

        @Override
        public List<String> clearTransactionSetup(java.time.Duration lockWait) {
            return List.of();
        }
    }

    @Test
    void quotesExactlyAndKeepsCase() {
        Dialect ansi = new TestDialect("ansi", '"', 0, "A");
        Dialect backtick = new TestDialect("bt", '`', 0, "B");
        assertThat(ansi.quote("installed_rank")).isEqualTo("\"installed_rank\"");
        assertThat(ansi.qualify("public", "FLY_HFJ_MIGRATION")).isEqualTo("\"public\".\"FLY_HFJ_MIGRATION\"");
        assertThat(ansi.qualify(null, "FLY_HFJ_MIGRATION")).isEqualTo("\"FLY_HFJ_MIGRATION\"");
        assertThat(backtick.qualify("cdr", "FLY_CDR_MIGRATION")).isEqualTo("`cdr`.`FLY_CDR_MIGRATION`");
    }

    @Test
    void refusesIdentifiersThatCouldCarrySql() {
        Dialect ansi = new TestDialect("ansi", '"', 0, "A");
        for (String bad : new String[] {"x\"; DROP TABLE t; --", "a b", "a.b", "", "FLY_HFJ_MIGRATІON", "x`y", "1abc",
            "a".repeat(129)}) {
            assertThatThrownBy(() -> ansi.quote(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void metadataDetectionPrefersTheMoreSpecificDialectAndNamesUnknownProducts() {
        Dialect postgres = new TestDialect("postgresql", '"', 0, "PostgreSQL");
        Dialect cockroach = new TestDialect("cockroach", '"', 10, "PostgreSQL");
        DialectRegistry registry = new DialectRegistry(List.of(postgres, cockroach));

        assertThat(registry.byProduct("PostgreSQL", "15").id()).isEqualTo("cockroach");
        assertThat(registry.byUrl("jdbc:postgresql://h/db")).contains(postgres);
        assertThatThrownBy(() -> registry.byProduct("Informix", "14.10"))
                .isInstanceOf(UnsupportedDatabaseException.class)
                .hasMessageContaining("'Informix 14.10'");
    }

    @Test
    void sessionSettingsRoundTimeoutsUp() {
        SessionSettings settings = SessionSettings.withTimeout(java.time.Duration.ofMillis(1500));
        assertThat(settings.timeoutSeconds()).isEqualTo(2);
        assertThat(settings.timeoutMillis()).isEqualTo(1500);
        assertThatThrownBy(() -> SessionSettings.withTimeout(java.time.Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
    }
}
