package io.lockdoctor.core.spi;

import io.lockdoctor.core.model.Advice;

/**
 * Whether lockdoctor can see every other session of a database. Only a proven yes counts:
 * anything less is "not observable", never "quiet".
 *
 * @param observable proven: the privilege is held, the view is complete, a probe session was seen
 * @param detail what was checked, or what is missing
 * @param settleBy what would make sessions observable, null when they are
 */
public record Observability(boolean observable, String detail, Advice settleBy) {

    public static Observability proven(String detail) {
        return new Observability(true, detail, null);
    }

    public static Observability not(String detail, Advice settleBy) {
        return new Observability(false, detail, settleBy);
    }

    /** Not observable, with the dialect's own words for what would make it so. */
    public static Observability not(String detail, String settleBy) {
        return not(detail, new Advice.InWords(settleBy));
    }
}
