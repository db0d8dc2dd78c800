package io.lockdoctor.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a clear records what it is about to do and what it did, and who asks: the file (created
 * owner-only, appended to, never truncated; see docs/clear.md) and the OS user, host and database
 * URL (without secrets) each record names.
 *
 * @param fileSetting how the caller names the setting that chose the file, for messages ("audit file")
 */
public record ClearAudit(Path file, String fileSetting, String osUser, String host, String databaseUrl) {
    /** The file's setting as the library names it. */
    static final String LIBRARY_FILE_SETTING = "audit file";

    public ClearAudit {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileSetting, "fileSetting");
    }

    /** The setting named as the library names it. */
    public ClearAudit(Path file, String osUser, String host, String databaseUrl) {
        this(file, LIBRARY_FILE_SETTING, osUser, host, databaseUrl);
    }
}
