package io.lockdoctor.core.scan;

/**
 * One lock message (HAPI-2153, or the older variant without a code), counted over every place it
 * was seen. The same table, UUID and code seen many times is one finding.
 *
 * @param table       the history table the message names, or {@code null} when it names none
 * @param uuid        the lock row's description as a lower-case canonical UUID, or {@code null} when the
 *                    message ends before {@code and DESCRIPTION = ...} (read the UUID from the database)
 * @param code        the message code such as {@code HAPI-2153}, or {@code null} for the old variant
 * @param occurrences how many log records carried it
 * @param first       the first place it was seen, in scan order (files in the order given)
 * @param last        the last place it was seen
 */
public record LogFinding(String table, String uuid, String code, long occurrences, LogLocation first,
        LogLocation last) {
}
