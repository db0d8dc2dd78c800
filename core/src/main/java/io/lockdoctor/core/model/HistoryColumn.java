package io.lockdoctor.core.model;

import java.util.Locale;

/** The columns of a Flyway-compatible history table, in HAPI's order; only {@code result} is optional. */
public enum HistoryColumn {
    INSTALLED_RANK,
    VERSION,
    DESCRIPTION,
    TYPE,
    SCRIPT,
    CHECKSUM,
    INSTALLED_BY,
    INSTALLED_ON,
    EXECUTION_TIME,
    SUCCESS,
    /** Added by HAPI ({@code ALTER TABLE ... ADD "result"}); absent from Flyway-created tables until then. */
    RESULT;

    /** The name as HAPI and Flyway create it: the constant's name in lower case, always quoted so. */
    public String canonicalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean required() {
        return this != RESULT;
    }
}
