package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code [evidence]} of the README's usage that concerns the database.
 *
 * @param observe how long to sample sessions (0 skips the window and caps a lock at UNCERTAIN)
 * @param minAge how old a lock must at least be before it can be called STALE (0 disables)
 * @param longStatement one statement running longer than this is ACTIVE evidence
 * @param excludedClients clients the operator declares not to be migrators
 * @param terms what the caller calls these settings, for the reasons and refusals that point at them
 */
public record ObserveOptions(Duration observe, Duration minAge, Duration longStatement,
        List<ClientExclusion> excludedClients, Terms terms) {
    public static final Duration DEFAULT_OBSERVE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LONG_STATEMENT = Duration.ofMinutes(5);
    /**
     * The longest window: a window settles what sampling can settle within minutes, and one of days
     * would hold a connection and a runbook for days (a typo such as {@code 99999d} should not).
     */
    public static final Duration MAX_OBSERVE = Duration.ofHours(1);
    /** docs/evidence.md: sessions are sampled about every 250 ms. */
    public static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);
    /**
     * The longest a window may wait after its end for late write counters (PostgreSQL 15+ publishes
     * an idle session's counters about 10 s late): part of a run's time bound.
     */
    public static final Duration MAX_COUNTER_SETTLE = Duration.ofMillis(10_500);

    public ObserveOptions {
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(minAge, "minAge");
        Objects.requireNonNull(longStatement, "longStatement");
        excludedClients = List.copyOf(excludedClients);
        Objects.requireNonNull(terms, "terms");
        if (observe.isNegative()) {
            throw new InvalidInputException(Setting.OBSERVE, "must be 0 or more");
        }
        if (minAge.isNegative()) {
            throw new InvalidInputException(Setting.MIN_AGE, "must be 0 or more");
        }
        if (observe.compareTo(MAX_OBSERVE) > 0) {
            throw new InvalidInputException(Setting.OBSERVE, Durations.format(observe) + " is longer than the "
                    + Durations.format(MAX_OBSERVE) + " lockdoctor allows: a window of 10s to a few minutes settles "
                    + "what watching sessions can settle; to watch longer, run it again");
        }
        if (longStatement.isNegative() || longStatement.isZero()) {
            throw new InvalidInputException(Setting.LONG_STATEMENT, "must be positive");
        }
    }

    /** Named in the library's terms. */
    public ObserveOptions(Duration observe, Duration minAge, Duration longStatement,
            List<ClientExclusion> excludedClients) {
        this(observe, minAge, longStatement, excludedClients, Terms.LIBRARY);
    }

    public ObserveOptions(Duration observe, Duration minAge, Duration longStatement) {
        this(observe, minAge, longStatement, List.of());
    }

    /** These options with clients the operator declares not to be migrators. */
    public ObserveOptions excluding(List<ClientExclusion> clients) {
        return new ObserveOptions(observe, minAge, longStatement, clients, terms);
    }

    /** These options with {@code window} as the observe window. */
    public ObserveOptions observing(Duration window) {
        return new ObserveOptions(window, minAge, longStatement, excludedClients, terms);
    }

    /** These options with {@code age} as the minimum age. */
    public ObserveOptions requiringAge(Duration age) {
        return new ObserveOptions(observe, age, longStatement, excludedClients, terms);
    }

    /**
     * The longest a window may wait after its end for late write counters: a busy session's lag,
     * or an idle one's when clients are excluded (their writes just before the end must be counted).
     */
    public Duration counterSettleBound() {
        return excludedClients.isEmpty() ? Duration.ofMillis(1_100) : MAX_COUNTER_SETTLE;
    }

    public static ObserveOptions defaults() {
        return new ObserveOptions(DEFAULT_OBSERVE, DEFAULT_MIN_AGE, DEFAULT_LONG_STATEMENT);
    }
}
