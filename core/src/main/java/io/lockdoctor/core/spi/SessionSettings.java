package io.lockdoctor.core.spi;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How lockdoctor's own sessions behave. {@code timeout} bounds connecting, each statement and each
 * lock wait, so the tool never hangs a runbook; {@code applicationName} tags every session so
 * lockdoctor can leave its own connections out of the evidence; {@code terms} names the
 * connection's settings in error messages; {@code statementLog} hears every statement the
 * sessions send (to show the SQL run).
 */
public record SessionSettings(Duration timeout, String applicationName, ConnectionTerms terms,
        StatementLog statementLog) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String APPLICATION_NAME = "lockdoctor";

    public SessionSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(statementLog, "statementLog");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("the timeout must be positive, got " + timeout);
        }
        if (!applicationName.matches("[A-Za-z0-9_.-]{1,60}")) {
            throw new InvalidInputException("application name must be 1-60 letters, digits, '.', '_' or '-'");
        }
    }

    /** Settings named in plain words, whose statements nobody hears. */
    public SessionSettings(Duration timeout, String applicationName) {
        this(timeout, applicationName, ConnectionTerms.PLAIN, StatementLog.NONE);
    }

    /** The same settings, with every statement the sessions send told to {@code log}. */
    public SessionSettings withStatementLog(StatementLog log) {
        return new SessionSettings(timeout, applicationName, terms, log);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_TIMEOUT, APPLICATION_NAME);
    }

    public static SessionSettings withTimeout(Duration timeout) {
        return new SessionSettings(timeout, APPLICATION_NAME);
    }

    /** These settings with the connection's settings named as the user knows them. */
    public SessionSettings withTerms(ConnectionTerms names) {
        return new SessionSettings(timeout, applicationName, names, statementLog);
    }

    /** The timeout in whole milliseconds, at least 1, for SET statements. */
    public long timeoutMillis() {
        return Durations.boundMillis(timeout);
    }

    /**
     * The lock-wait bound: a little shorter than the statement bound, so that a statement stuck
     * behind another session's lock fails as a lock wait (and names it) rather than as a slow statement.
     */
    public long lockWaitMillis() {
        return Math.max(1, timeoutMillis() * 9 / 10);
    }

    /**
     * A socket read timeout in milliseconds: statements are bounded by their own timeout (or on the
     * server), so this only catches a server gone silent, a little after any statement would end.
     */
    public long silentServerMillis() {
        return timeoutMillis() + 5_000;
    }

    /** The timeout in whole seconds, rounded up, for JDBC and driver settings that take seconds. */
    public int timeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, Durations.boundSeconds(timeout));
    }
}
