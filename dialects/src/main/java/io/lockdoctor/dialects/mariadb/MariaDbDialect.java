package io.lockdoctor.dialects.mariadb;

import java.time.Duration;
import java.util.Locale;

/** MariaDB 10.3 and later (tested against 10.11). */
public final class MariaDbDialect extends MySqlFamilyDialect {

    public MariaDbDialect() {
        this(true);
    }

    /** @param useMetadataLockInfo false to ignore the metadata_lock_info plugin (tests the fallback) */
    MariaDbDialect(boolean useMetadataLockInfo) {
        super(Flavor.MARIADB, useMetadataLockInfo);
    }

    /** Claims before {@link MySqlDialect}: MySQL's Connector/J reports a MariaDB server as MySQL. */
    @Override
    public int detectionPriority() {
        return 10;
    }

    @Override
    String statementTimeoutVariable() {
        return "max_statement_time";
    }

    /** Seconds with millisecond precision; applies to every statement, not only SELECT. */
    @Override
    String statementTimeout(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return String.format(Locale.ROOT, "SET SESSION max_statement_time = %d.%03d", millis / 1000, millis % 1000);
    }

    /** MariaDB 10.3+ bounds the row lock wait of one statement itself: {@code FOR UPDATE WAIT n}. */
    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WHERE " + where + " FOR UPDATE WAIT "
                + wholeSeconds(lockWait);
    }
}
