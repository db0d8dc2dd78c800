package io.lockdoctor.core.support;

import io.lockdoctor.core.model.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as runbooks write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("a duration is required, e.g. 10s, 5m, 2h, 1d or PT30S");
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new InvalidInputException("'" + text + "' is negative; durations must be 0 or more");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("'" + text + "' is not a duration; use e.g. 10s, 5m, 2h, 1d or PT30S");
        }
    }

    /** {@code bound} in whole milliseconds, at least 1: for timeout settings, where 0 means no bound at all. */
    public static long boundMillis(Duration bound) {
        return Math.max(1, bound.toMillis());
    }

    /** {@code bound} in whole seconds, rounded up and at least 1, for timeout settings that take seconds. */
    public static long boundSeconds(Duration bound) {
        return Math.max(1, bound.getSeconds() + (bound.getNano() > 0 ? 1 : 0));
    }

    /** Short form for messages: {@code 10s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
    public static String format(Duration duration) {
        if (duration.toMillis() < 1000 && !duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        long s = duration.getSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 86_400) {
            out.append(s / 86_400).append('d');
            s %= 86_400;
        }
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
