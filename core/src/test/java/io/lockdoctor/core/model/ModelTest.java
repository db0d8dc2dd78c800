package io.lockdoctor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void onlyCanonicalUuidsAreAccepted() {
        assertThat(LockUuid.parse("CC38089F-D3AB-4AC6-A65F-DCC0727CEE10")).contains("cc38089f-d3ab-4ac6-a65f-dcc0727cee10");
        for (String bad : new String[] {"cc38089fd3ab4ac6a65fdcc0727cee10", "{cc38089f-d3ab-4ac6-a65f-dcc0727cee10}",
            "cc38089f-d3ab-4ac6-a65f-dcc0727cee10'; DROP TABLE x; --", " cc38089f-d3ab-4ac6-a65f-dcc0727cee10",
            "cc38089f-d3ab-4ac6-a65f-dcc0727cee1", "сc38089f-d3ab-4ac6-a65f-dcc0727cee10", "<uuid>", ""}) {
            assertThat(LockUuid.parse(bad)).as(bad).isEmpty();
            assertThatThrownBy(() -> LockUuid.require(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not a canonical UUID");
        }
    }

    @Test
    void midnightIsDayPreciseOtherTimesAreNot() {
        assertThat(InstalledOn.of(LocalDateTime.of(2026, 11, 20, 0, 0)).toString()).isEqualTo("2026-11-20");
        assertThat(InstalledOn.of(LocalDateTime.of(2026, 11, 20, 0, 0)).dayPrecise()).isTrue();
        assertThat(InstalledOn.of(LocalDateTime.of(2026, 11, 20, 8, 30, 5)).toString()).isEqualTo("2026-11-20T08:30:05");
        assertThat(InstalledOn.ofDay(LocalDate.of(2026, 1, 2)).toString()).isEqualTo("2026-01-02");
    }

    @Test
    void knownTablesMatchCaseInsensitively() {
        assertThat(KnownTable.fromName("fly_hfj_migration")).contains(KnownTable.FLY_HFJ_MIGRATION);
        assertThat(KnownTable.fromName("FLY_CDR_MIGRATION")).contains(KnownTable.FLY_CDR_MIGRATION);
        assertThat(KnownTable.fromName("flyway_schema_history")).isEmpty();
    }

    @Test
    void tablesAreEqualExactlyWhenEveryPartIs() {
        TableLocation location = new TableLocation("test", "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION);
        assertThat(location).isEqualTo(new TableLocation("test", "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION))
                .hasSameHashCodeAs(new TableLocation("test", "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION));
        assertThat(new TableLocation(null, null, "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION))
                .isEqualTo(new TableLocation(null, null, "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION));
        assertThat(location).isNotEqualTo(new TableLocation("other", "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION))
                .isNotEqualTo(new TableLocation("test", "cdr", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION))
                .isNotEqualTo(new TableLocation("test", null, "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION))
                .isNotEqualTo(new TableLocation("test", "public", "fly_hfj_migration", KnownTable.FLY_HFJ_MIGRATION))
                .isNotEqualTo(new TableLocation("test", "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_CDR_MIGRATION))
                .isNotEqualTo("public.FLY_HFJ_MIGRATION");

        Map<HistoryColumn, String> columns = Map.of(HistoryColumn.INSTALLED_RANK, "installed_rank");
        MigrationTable table = new MigrationTable(location, columns, Types.DATE);
        assertThat(table).isEqualTo(new MigrationTable(location, Map.of(HistoryColumn.INSTALLED_RANK, "installed_rank"),
                Types.DATE)).hasSameHashCodeAs(new MigrationTable(location, columns, Types.DATE));
        assertThat(table).isNotEqualTo(new MigrationTable(new TableLocation("test", "cdr", "FLY_HFJ_MIGRATION",
                        KnownTable.FLY_HFJ_MIGRATION), columns, Types.DATE))
                .isNotEqualTo(new MigrationTable(location, Map.of(HistoryColumn.INSTALLED_RANK, "INSTALLED_RANK"), Types.DATE))
                .isNotEqualTo(new MigrationTable(location, columns, Types.TIMESTAMP))
                .isNotEqualTo(location);
    }
}
