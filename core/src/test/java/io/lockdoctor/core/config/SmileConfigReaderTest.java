package io.lockdoctor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmileConfigReaderTest {
    private static final String CONFIG = """
            node.id=Master
            module.clustermgr.type=CLUSTER_MGR
            module.clustermgr.config.db.driver=POSTGRES_9_4
            module.clustermgr.config.db.url=jdbc:postgresql://db:5432/cdr_cluster
            module.clustermgr.config.db.username=cdr
            module.clustermgr.config.db.password=#{env['CDR_DB_PASSWORD']}
            module.persistence.type=PERSISTENCE_R4
            module.persistence.config.db.driver=POSTGRES_9_4
            module.persistence.config.db.url=jdbc:postgresql://#{env['FHIR_DB_HOST']}:5432/cdr_fhir
            module.persistence.config.db.username=fhir
            module.persistence.config.db.password=S3cret-inline
            module.fhir_endpoint.type=ENDPOINT_FHIR_REST_R4
            module.fhir_endpoint.config.port=8000
            module.audit.type=AUDIT_LOG_PERSISTENCE
            module.audit.config.db.driver=H2_EMBEDDED
            module.audit.config.db.url=jdbc:h2:file:./database/h2_audit;create=true
            module.audit.config.db.username=SA
            module.audit.config.db.password=
            """;

    private static final Map<String, String> ENV = Map.of("CDR_DB_PASSWORD", "Env-S3cret", "FHIR_DB_HOST", "fhirdb");

    @Test
    void everyModuleWithADatabaseWhateverItsIdWithEnvironmentSubstitution(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("cdr-config-Master.properties"), CONFIG);

        SmileConfig config = new SmileConfigReader(ENV).read(dir);

        assertThat(config.modules()).extracting(SmileModule::id).containsExactly("audit", "clustermgr", "persistence");
        SmileModule cluster = config.module("clustermgr").orElseThrow();
        assertThat(cluster.password()).isEqualTo("Env-S3cret");
        assertThat(cluster.toString()).doesNotContain("Env-S3cret");
        assertThat(config.module("persistence").orElseThrow().url()).isEqualTo("jdbc:postgresql://fhirdb:5432/cdr_fhir");
        assertThat(config.module("audit").orElseThrow().url())
                .isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().normalize() + "/./database/h2_audit;create=true");
        assertThat(config.module("audit").orElseThrow().driver()).isEqualTo("H2_EMBEDDED");
        assertThat(config.propertySource()).isEqualTo("DATABASE");
        assertThat(config.warnings()).singleElement().asString().contains("only the clustermgr and audit settings");
    }

    @Test
    void aMissingVariableIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cdr-config-Master.properties"), CONFIG);

        assertThatThrownBy(() -> new SmileConfigReader(Map.of("FHIR_DB_HOST", "h")).read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CDR_DB_PASSWORD").hasMessageContaining("module.clustermgr.config.db.password");
    }

    @Test
    void propertiesModeHasNoWarningAndModuleNarrows(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cdr.properties"), CONFIG + "node.propertysource=PROPERTIES\n");
        SmileConfig config = new SmileConfigReader(ENV).read(file);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.only("persistence").modules()).extracting(SmileModule::id).containsExactly("persistence");
        assertThatThrownBy(() -> config.only("nope")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("audit, clustermgr, persistence");
    }

    @Test
    void missingFilesAndEmptyConfigsAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new SmileConfigReader(ENV).read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("classes/cdr-config-Master.properties");
        Path empty = Files.writeString(dir.resolve("empty.properties"), "node.id=x\n");
        assertThatThrownBy(() -> new SmileConfigReader(ENV).read(empty)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names no module database");
    }

    @Test
    void driverNamesAreReadWhateverTheirCase() {
        assertThat(SmileDriver.fromName("POSTGRES_9_4")).contains(SmileDriver.POSTGRES_9_4);
        assertThat(SmileDriver.fromName(" mariadb_10_1 ")).contains(SmileDriver.MARIADB_10_1);
        assertThat(SmileDriver.fromName("SQLITE")).isEmpty();
        assertThat(SmileDriver.fromName(null)).isEmpty();
    }
}
