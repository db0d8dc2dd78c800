package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.dialects.HistoryReadingContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.PostgresFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading HAPI's tables on the real PostgreSQL server. Other runs may share the server, so the
 * searches of every schema are only asserted on for this test's own schemas.
 */
class PostgresHistoryReadingTest extends HistoryReadingContract {
    @RegisterExtension
    final PostgresFixture pg = new PostgresFixture();

    @Override
    protected DatabaseFixture fixture() {
        return pg;
    }

    @Override
    protected String dialectId() {
        return "postgresql";
    }

    @Override
    protected String schema() {
        return pg.schema();
    }

    @Override
    protected String createSecondSchema() {
        return pg.createExtraSchema();
    }

    @Override
    protected List<String> systemSchemas() {
        return List.of("pg_catalog", "information_schema", "pg_toast");
    }

    @Test
    void searchesPublicAndEveryUserSchemaButNoSystemSchema() {
        String extra = pg.createExtraSchema();

        DatabaseReport report = status();

        assertThat(report.schemasSearched()).contains("public", pg.schema(), extra)
                .noneMatch(s -> s.startsWith("pg_") || s.equals("information_schema"));
        assertThat(report.product()).startsWith("PostgreSQL ");
        assertThat(report.url()).startsWith(pg.url().substring(0, pg.url().indexOf('?')));
    }
}
