package io.lockdoctor.core.model;

/** The columns of a Flyway-compatible history table, in HAPI's order; only {@code result} is optional. */
public enum HistoryColumn {
    INSTALLED_RANK("installed_rank"),
    VERSION("version"),
    DESCRIPTION("description"),
    TYPE("type"),
    SCRIPT("script"),
    CHECKSUM("checksum"),
    INSTALLED_BY("installed_by"),
    INSTALLED_ON("installed_on"),
    EXECUTION_TIME("execution_time"),
    SUCCESS("success"),
    /** Added by HAPI ({@code ALTER TABLE ... ADD "result"}); absent from Flyway-created tables until then. */
    RESULT("result");

    private final String canonicalName;

    HistoryColumn(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public boolean required() {
        return this != RESULT;
    }
}
