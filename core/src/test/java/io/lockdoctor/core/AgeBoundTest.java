package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.model.InstalledOn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgeBoundTest {
    private static final InstalledOn NOV_20 = InstalledOn.ofDay(LocalDate.of(2026, 11, 20));

    @Test
    void aDayInAnUnknownZoneEndsAtNoonUtcTheNextDay() {
        AgeBound bound = AgeBound.fromInstalledOn(NOV_20, Instant.parse("2026-11-23T12:00:00Z"), Optional.empty());

        assertThat(bound.takenNoLaterThan()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(bound.atLeast()).isEqualTo(Duration.ofDays(2));
        assertThat(bound.source()).isEqualTo(AgeBound.Source.INSTALLED_ON_DAY);
    }

    @Test
    void aLockDatedTodayHasNoPositiveAgeFromTheDatabaseAlone() {
        InstalledOn today = InstalledOn.ofDay(LocalDate.of(2026, 11, 27));
        for (String now : new String[] {"2026-11-27T00:00:00Z", "2026-11-27T23:59:59Z", "2026-11-28T11:59:59Z"}) {
            assertThat(AgeBound.fromInstalledOn(today, Instant.parse(now), Optional.empty()).atLeast()).as(now).isZero();
        }
        assertThat(AgeBound.fromInstalledOn(today, Instant.parse("2026-11-28T12:00:01Z"), Optional.empty()).atLeast())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void writerZoneNarrowsTheBoundToTheEndOfThatLocalDay() {
        AgeBound tokyo = AgeBound.fromInstalledOn(NOV_20, Instant.parse("2026-11-21T00:00:00Z"),
                Optional.of(ZoneId.of("Asia/Tokyo")));
        // Nov 21 00:00 in Tokyo is Nov 20 15:00 UTC.
        assertThat(tokyo.takenNoLaterThan()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));
        assertThat(tokyo.atLeast()).isEqualTo(Duration.ofHours(9));
        assertThat(tokyo.source()).isEqualTo(AgeBound.Source.INSTALLED_ON_DAY_WRITER_ZONE);
    }

    @Test
    void aFlywayTimestampIsBoundedAsIfWrittenAtUtcMinusTwelve() {
        InstalledOn flyway = InstalledOn.of(LocalDateTime.of(2026, 11, 20, 8, 30));
        AgeBound bound = AgeBound.fromInstalledOn(flyway, Instant.parse("2026-11-20T21:30:00Z"), Optional.empty());

        assertThat(bound.takenNoLaterThan()).isEqualTo(Instant.parse("2026-11-20T20:30:00Z"));
        assertThat(bound.atLeast()).isEqualTo(Duration.ofHours(1));
        assertThat(bound.source()).isEqualTo(AgeBound.Source.INSTALLED_ON_TIME);
    }

    @Test
    void neverNegative() {
        assertThat(AgeBound.fromInstalledOn(NOV_20, Instant.parse("2020-01-01T00:00:00Z"), Optional.empty()).atLeast())
                .isZero();
    }
}
