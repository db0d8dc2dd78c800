package io.lockdoctor.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical UUIDs only. HAPI puts {@code CLEAR_LOCK_TABLE_WITH_DESCRIPTION} into SQL unescaped,
 * so lockdoctor never passes on anything but 8-4-4-4-12 hex digits.
 */
public final class LockUuid {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private LockUuid() {
    }

    /** The lower-case UUID, or empty when {@code text} is not exactly a canonical UUID. */
    public static Optional<String> parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(text.toLowerCase(Locale.ROOT));
    }

    /** Like {@link #parse} but for user input: a clear error instead of empty. */
    public static String require(String text) {
        return parse(text).orElseThrow(() -> new InvalidInputException(
                "'" + text + "' is not a canonical UUID (8-4-4-4-12 hexadecimal digits, e.g. "
                        + "cc38089f-d3ab-4ac6-a65f-dcc0727cee10); copy it from the HAPI-2153 message or from "
                        + "'lockdoctor status'."));
    }
}
