package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library refuses an observe window no one means, as the CLI does. */
class ObserveOptionsTest {
    private static final Duration MIN_AGE = ObserveOptions.DEFAULT_MIN_AGE;
    private static final Duration LONG_STATEMENT = ObserveOptions.DEFAULT_LONG_STATEMENT;

    @Test
    void anHourIsTheLongestWindow() {
        assertThat(new ObserveOptions(Duration.ofHours(1), MIN_AGE, LONG_STATEMENT).observe()).hasHours(1);
        assertThatThrownBy(() -> new ObserveOptions(Duration.ofHours(1).plusMillis(1), MIN_AGE, LONG_STATEMENT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than the 1h lockdoctor allows");
        assertThatThrownBy(() -> new ObserveOptions(Duration.ofDays(99999), MIN_AGE, LONG_STATEMENT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("observe 99999d");
    }

    @Test
    void excludedClientsMakeTheWindowWaitLongerForLateCounters() {
        ObserveOptions plain = ObserveOptions.defaults();
        ObserveOptions excluding = plain.excluding(List.of(ClientExclusion.parse("user=nagios")));

        assertThat(plain).isEqualTo(new ObserveOptions(ObserveOptions.DEFAULT_OBSERVE, MIN_AGE, LONG_STATEMENT));
        assertThat(plain.counterSettleBound()).isEqualTo(Duration.ofMillis(1_100));
        assertThat(excluding.excludedClients()).containsExactly(new ClientExclusion("nagios", null, null));
        assertThat(excluding.observe()).isEqualTo(plain.observe());
        assertThat(excluding.counterSettleBound()).isEqualTo(ObserveOptions.MAX_COUNTER_SETTLE);
    }

    @Test
    void zeroStillSkipsTheWindow() {
        assertThat(new ObserveOptions(Duration.ZERO, MIN_AGE, LONG_STATEMENT).observe()).isZero();
    }
}
