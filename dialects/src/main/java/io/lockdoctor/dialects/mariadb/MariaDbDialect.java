package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.List;

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

    /**
     * None: MariaDB Connector/J sends a statement with a JDBC query timeout (which lockdoctor
     * always sets) as {@code SET STATEMENT max_statement_time=N FOR ...}, so the server stops it;
     * the same wrapping would undo a {@code SET SESSION max_statement_time} sent through it.
     */
    @Override
    List<String> statementTimeout(Duration timeout) {
        return List.of();
    }

    @Override
    List<String> statementTimeoutReset() {
        return List.of();
    }

    /** MariaDB 10.3+ bounds the row lock wait of one statement itself: {@code FOR UPDATE WAIT n}. */
    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WHERE " + where + " FOR UPDATE WAIT "
                + Durations.boundSeconds(lockWait);
    }

}
