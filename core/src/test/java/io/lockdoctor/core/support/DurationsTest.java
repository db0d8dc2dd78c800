package io.lockdoctor.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesShortAndIsoForms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "soon", "10", "-5s", "PT-5S", "1w", "10 s x"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void boundsAreWholeUnitsAndNeverZero() {
        assertThat(Durations.boundMillis(Duration.ofMillis(7500))).isEqualTo(7500);
        assertThat(Durations.boundMillis(Duration.ofNanos(10))).isEqualTo(1);
        assertThat(Durations.boundSeconds(Duration.ofSeconds(3))).isEqualTo(3);
        assertThat(Durations.boundSeconds(Duration.ofMillis(3001))).isEqualTo(4);
        assertThat(Durations.boundSeconds(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(Durations.boundSeconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void formatsShort() {
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofDays(2).plusHours(3))).isEqualTo("2d3h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
