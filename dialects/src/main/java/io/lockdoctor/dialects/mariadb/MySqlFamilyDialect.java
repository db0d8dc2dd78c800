package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What MariaDB and MySQL share: databases are catalogs, identifiers are quoted with backticks
 * (which work whatever the server's or session's {@code sql_mode}: HAPI creates its tables
 * through an {@code ANSI_QUOTES} session, operators connect in the server's default mode), and
 * sessions show in {@code information_schema.PROCESSLIST}. The two differ in their statement
 * timeout and in how a row lock's wait is bounded; {@link Flavor} carries that.
 */
abstract sealed class MySqlFamilyDialect extends StandardDialect permits MariaDbDialect, MySqlDialect {
    private static final SystemSchemas SYSTEM_DATABASES = SystemSchemas.named("information_schema", "mysql",
            "performance_schema", "sys");
    /**
     * The database's clock as text with an explicit offset: CURRENT_TIMESTAMP is a DATETIME in the
     * session's zone that the driver reads in the JVM's zone, which is off by hours when the two differ.
     */
    static final String UTC_NOW = "SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')";

    /** The statement timeout, the one setting the two products spell differently. */
    enum Flavor {
        MARIADB("mariadb", "MariaDB", "jdbc:mariadb:", "MARIADB_10_1"),
        MYSQL("mysql", "MySQL", "jdbc:mysql:", "MYSQL_5_7");

        final String id;
        final String displayName;
        final String urlPrefix;
        final String smileDriver;

        Flavor(String id, String displayName, String urlPrefix, String smileDriver) {
            this.id = id;
            this.displayName = displayName;
            this.urlPrefix = urlPrefix;
            this.smileDriver = smileDriver;
        }
    }

    private final Flavor flavor;

    MySqlFamilyDialect(Flavor flavor, boolean useMetadataLockInfo) {
        super(flavor.id, flavor.displayName, flavor.urlPrefix, Set.of(flavor.smileDriver), SYSTEM_DATABASES,
                new MySqlFamilySessionObserver(flavor, useMetadataLockInfo));
        this.flavor = flavor;
    }

    Flavor flavor() {
        return flavor;
    }

    /**
     * MariaDB's driver names the product after the server ({@code MariaDB} or {@code MySQL});
     * MySQL's Connector/J says {@code MySQL} for both, but a MariaDB server's version says MariaDB.
     */
    static Flavor flavorOf(String productName, String productVersion) {
        String product = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        String version = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
        if (product.equals("mariadb") || (product.equals("mysql") && version.contains("mariadb"))) {
            return Flavor.MARIADB;
        }
        return product.equals("mysql") ? Flavor.MYSQL : null;
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return flavorOf(productName, productVersion) == flavor;
    }

    @Override
    public char identifierQuote() {
        return '`';
    }

    @Override
    public boolean namespacesAreCatalogs() {
        return true;
    }

    /**
     * Both drivers take {@code connectTimeout} and {@code socketTimeout} in milliseconds and
     * {@code connectionAttributes} as {@code key:value}; the server shows the attributes in
     * {@code performance_schema.session_connect_attrs} when the performance schema is on.
     */
    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("connectTimeout", Long.toString(settings.timeoutMillis()));
        properties.put("socketTimeout", Long.toString(settings.silentServerMillis()));
        properties.put("connectionAttributes", MySqlFamilySessionObserver.PROGRAM_NAME + ":" + settings.applicationName());
        return properties;
    }

    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        // Lock waits end a whole second before the statement bound (never below 1 s), so a read
        // stuck behind another session's lock fails as a lock wait and names the holder.
        long lockWaitSeconds = Math.max(1, settings.timeoutSeconds() - 1);
        List<String> statements = new ArrayList<>(lockWaits(lockWaitSeconds));
        statements.addAll(statementTimeout(lockWaitSeconds < settings.timeoutSeconds() ? settings.timeout()
                : Duration.ofSeconds(lockWaitSeconds + 1)));
        return statements;
    }

    @Override
    public List<String> sessionReset() {
        List<String> statements = new ArrayList<>(List.of(
                "SET SESSION innodb_lock_wait_timeout = DEFAULT",
                "SET SESSION lock_wait_timeout = DEFAULT"));
        statements.addAll(statementTimeoutReset());
        return statements;
    }

    /**
     * Session settings (MariaDB and MySQL have no per-transaction ones); the session's own values
     * come back with {@link #sessionReset()} or the next {@link #sessionSetup}.
     */
    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        List<String> statements = new ArrayList<>(lockWaits(Durations.boundSeconds(lockWait)));
        // A second more than the lock wait, so a waiting statement fails with the lock wait's message.
        statements.addAll(statementTimeout(Duration.ofSeconds(Durations.boundSeconds(lockWait) + 1)));
        return statements;
    }

    /**
     * MariaDB and MySQL treat a backslash in a literal as an escape unless the session's sql_mode has
     * NO_BACKSLASH_ESCAPES: doubling it would be wrong in that mode, and leaving it would drop it (or,
     * before a quote, end the literal elsewhere) in the default one. So a value with a backslash is
     * printed as {@code CONCAT('...', CHAR(92 USING utf8mb4), '...')}, which reads the same in both.
     */
    @Override
    public String stringLiteral(String value) {
        if (value.indexOf('\\') < 0) {
            return super.stringLiteral(value);
        }
        List<String> parts = new ArrayList<>();
        String[] pieces = value.split("\\\\", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                parts.add("CHAR(92 USING utf8mb4)");
            }
            if (!pieces[i].isEmpty()) {
                parts.add(super.stringLiteral(pieces[i]));
            }
        }
        return "CONCAT(" + String.join(", ", parts) + ")";
    }

    /** {@code success} is {@code bit(1)}. */
    @Override
    public String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public String currentTimeQuery() {
        return UTC_NOW;
    }

    /** Row locks ({@code innodb_lock_wait_timeout}) and metadata locks ({@code lock_wait_timeout}), in whole seconds. */
    private static List<String> lockWaits(long seconds) {
        return List.of(
                "SET SESSION innodb_lock_wait_timeout = " + seconds,
                "SET SESSION lock_wait_timeout = " + seconds);
    }

    /** Statements that bound every statement of the session to {@code timeout}, if the session needs any. */
    abstract List<String> statementTimeout(Duration timeout);

    abstract List<String> statementTimeoutReset();
}
