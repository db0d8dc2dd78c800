package io.lockdoctor.core;

/**
 * What a clear did and why.
 *
 * @param verdict the verdict the decision rested on (for OTHER_LOCK: the other lock's)
 * @param message one paragraph for the operator
 * @param deleteStatement the DELETE as run (or as it would run), with its bound value shown
 * @param restoreStatement the INSERT that puts the row back exactly, null when no row was read
 * @param report the table's report from the evidence gathered before any change, null when none was made
 */
public record ClearOutcome(ClearResult result, Verdict verdict, String message, String deleteStatement,
        String restoreStatement, TableReport report) {
}
