package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.List;

/**
 * MySQL 5.7 and 8. Never run against a real MySQL server (only MariaDB was available), so its
 * verdicts stop at UNCERTAIN.
 */
public final class MySqlDialect extends MySqlFamilyDialect {
    private static final String PERMIT_MYSQL_SCHEME = "permitMysqlScheme";

    public MySqlDialect() {
        super(Flavor.MYSQL, true);
    }

    /**
     * The driver lockdoctor bundles is MariaDB Connector/J, which takes {@code jdbc:mysql:} URLs only
     * when they carry {@code permitMysqlScheme} (and then speaks to MySQL and MariaDB alike).
     */
    @Override
    public String connectionUrl(String jdbcUrl) {
        if (!acceptsUrl(jdbcUrl) || jdbcUrl.contains(PERMIT_MYSQL_SCHEME)) {
            return jdbcUrl;
        }
        String separator = jdbcUrl.indexOf('?') < 0 ? "?" : jdbcUrl.endsWith("?") || jdbcUrl.endsWith("&") ? "" : "&";
        return jdbcUrl + separator + PERMIT_MYSQL_SCHEME;
    }

    @Override
    public boolean verifiedAgainstRealServer() {
        return false;
    }

    /** Milliseconds; MySQL applies it to SELECT only (writes are bounded by the lock waits). */
    @Override
    List<String> statementTimeout(Duration timeout) {
        return List.of("SET SESSION max_execution_time = " + Durations.boundMillis(timeout));
    }

    @Override
    List<String> statementTimeoutReset() {
        return List.of("SET SESSION max_execution_time = DEFAULT");
    }

    /**
     * MySQL has no {@code WAIT n}: the plain {@code FOR UPDATE} waits at most
     * {@code innodb_lock_wait_timeout}, which {@link #clearTransactionSetup} sets.
     */
    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WHERE " + where + " FOR UPDATE";
    }

}
