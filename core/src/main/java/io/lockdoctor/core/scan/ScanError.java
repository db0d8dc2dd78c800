package io.lockdoctor.core.scan;

/**
 * A file that could not be read completely. What was read before the error is still in the result.
 *
 * @param file    the path as given, or {@code -} for standard input
 * @param message what failed and what the user can do, naming the path
 */
public record ScanError(String file, String message) {
}
