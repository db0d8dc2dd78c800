package io.lockdoctor.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemSchemasTest {

    @Test
    void matchesNamesInAnyCase() {
        SystemSchemas schemas = SystemSchemas.named("INFORMATION_SCHEMA", "sys");

        assertThat(List.of("information_schema", "INFORMATION_SCHEMA", "SYS", "Sys")).allMatch(schemas::contains);
        assertThat(List.of("public", "sysadmin", "information")).noneMatch(schemas::contains);
    }

    @Test
    void prefixesAddToNamesAndToEachOther() {
        SystemSchemas schemas = SystemSchemas.named("pg_catalog").andPrefixed("pg_toast").andPrefixed("APEX_");

        assertThat(List.of("PG_CATALOG", "pg_toast", "pg_toast_temp_1", "apex_230200")).allMatch(schemas::contains);
        assertThat(List.of("pg_catalogue", "cdr", "apex")).noneMatch(schemas::contains);
    }
}
