package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.Terms.Setting;

/**
 * Which rows {@code history} reads.
 *
 * @param limit the most recent rows by {@code installed_rank} to return, 0 for all
 * @param failedOnly only rows with {@code success = false}
 */
public record HistoryQuery(int limit, boolean failedOnly) {
    public HistoryQuery {
        if (limit < 0) {
            throw new InvalidInputException(Setting.LIMIT, "must be 0 (all rows) or positive, got " + limit);
        }
    }

    public static HistoryQuery all() {
        return new HistoryQuery(0, false);
    }
}
