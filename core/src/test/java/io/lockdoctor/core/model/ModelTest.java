package io.lockdoctor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
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
}
