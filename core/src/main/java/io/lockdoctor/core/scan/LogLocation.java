package io.lockdoctor.core.scan;

/**
 * Where a message was seen.
 *
 * @param file      the path as given to the scanner, or {@code -} for standard input
 * @param line      1-based physical line number (in the decompressed text for {@code .gz})
 * @param timestamp the log time of the line or of the log event it belongs to, or {@code null}
 */
public record LogLocation(String file, long line, LogTimestamp timestamp) {
}
