package io.lockdoctor.core.spi;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What differs between databases, and nothing else: detection, identifier quoting, and the few
 * statements that are not portable. Everything common is written once in core on top of this.
 * Implementations live in the {@code dialects} module and are found through {@link java.util.ServiceLoader}.
 */
public interface Dialect {

    /** Identifiers lockdoctor will put into SQL: plain names as HAPI, Flyway and DBAs create them. */
    Pattern SAFE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");

    /** Stable id used in output and configuration: {@code postgresql}, {@code h2}, ... */
    String id();

    /** Human name of the product, e.g. {@code PostgreSQL}. */
    String displayName();

    /** Whether this dialect handles a JDBC URL; used before any connection exists. */
    boolean acceptsUrl(String jdbcUrl);

    /**
     * Whether this dialect handles what the connection's metadata reports. Checked after
     * connecting; a more specific dialect (CockroachDB behind the PostgreSQL driver) claims first
     * through {@link #detectionPriority()}.
     */
    boolean acceptsProduct(String productName, String productVersion);

    /** Higher claims first when several dialects accept the same product. */
    default int detectionPriority() {
        return 0;
    }

    /** The character that opens and closes a quoted identifier. */
    default char identifierQuote() {
        return '"';
    }

    /**
     * The identifier validated and quoted exactly, so its case is kept ({@code "installed_rank"}
     * unquoted fails on H2 and Oracle; {@code fly_hfj_migration} does not exist on PostgreSQL).
     */
    default String quote(String identifier) {
        if (identifier == null || !SAFE_IDENTIFIER.matcher(identifier).matches()) {
            throw new InvalidInputException("refusing identifier '" + identifier
                    + "': only letters, digits, '_' and '$' are accepted in table, schema and column names");
        }
        char q = identifierQuote();
        return q + identifier + q;
    }

    /** {@code "schema"."table"}, or just the table when there is no schema. */
    default String qualify(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** Schemas that never hold application tables and are not worth listing as searched. */
    boolean isSystemSchema(String schema);

    /**
     * Whether the product calls its namespaces catalogs (MariaDB/MySQL databases) rather than
     * schemas in {@link java.sql.DatabaseMetaData}.
     */
    default boolean namespacesAreCatalogs() {
        return false;
    }

    /**
     * The URL lockdoctor connects with when it opens connections itself, from the one it was given:
     * the same database, plus what keeps the connection from creating anything (H2 creates a missing
     * database file by default) or lets the bundled driver take the URL. Messages show the URL given.
     */
    default String connectionUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /**
     * A failed connection explained in this product's terms when the driver's own words are not
     * enough (a database that does not exist, a malformed URL: then an {@link InvalidInputException});
     * empty for the generic translation. {@code displayUrl} is the URL as it may be shown.
     */
    default Optional<LockDoctorException> explainConnectFailure(SQLException failure, String displayUrl) {
        return Optional.empty();
    }

    /**
     * Driver properties for connections lockdoctor opens itself: the session tag and the connect
     * and socket timeouts that bound the connection before any SQL can run.
     */
    Map<String, String> connectionProperties(SessionSettings settings);

    /**
     * Statements run on every session lockdoctor uses, before anything else: session tag,
     * statement timeout, lock-wait timeout. Values are formatted from numbers, never from user text.
     */
    List<String> sessionSetup(SessionSettings settings);

    /**
     * Whether the connection reaches the database through a pooler that may lend its server
     * connection to other clients ({@code sessionId} is what {@link SessionObserver#sessionId} read
     * on it): then no session setting is made, since it would outlive the session on a connection
     * someone else (a migrator) gets next. Checked on every session before {@link #sessionSetup}.
     */
    default boolean sharedThroughPooler(java.sql.Connection connection, String sessionId) {
        return false;
    }

    /** Statements that undo {@link #sessionSetup} on a borrowed connection that goes back to its owner. */
    List<String> sessionReset();

    /** How this database shows its sessions; empty when lockdoctor cannot observe them here. */
    default Optional<SessionObserver> sessionObserver() {
        return Optional.empty();
    }

    /**
     * What lies between lockdoctor and the database ({@link ClientView}), found on connections fresh
     * from {@code dataSource} before any session setting is sent; empty where the dialect knows no
     * pooler. {@code jdbcUrl} may hold secrets: it is used to connect, never printed.
     */
    default Optional<ClientView> clientView(javax.sql.DataSource dataSource, String jdbcUrl, PoolerAccess access,
            SessionSettings settings) {
        return Optional.empty();
    }

    /**
     * False for dialects never run against a real server (docs/evidence.md): their verdicts stop at
     * UNCERTAIN, and the report says why.
     */
    default boolean verifiedAgainstRealServer() {
        return true;
    }

    /**
     * Statements that bound the clearing transaction, run right after it begins: how long a row
     * lock may be waited for and how long one statement may run. Values come from numbers only.
     */
    List<String> clearTransactionSetup(Duration lockWait);

    /**
     * {@code SELECT columns FROM table WHERE where} taking row locks that wait at most
     * {@code lockWait} (never NOWAIT: a racing clear must wait, re-read and find nothing).
     */
    default String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WHERE " + where + " FOR UPDATE";
    }

    /**
     * A SQL string literal that reads back as {@code value} (never null) on this database, for
     * printed statements only: executed SQL binds its values. By default single quotes doubled.
     */
    default String stringLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A SQL literal for a date-time (a Flyway-shaped {@code installed_on}), in the printed restore statement. */
    default String timestampLiteral(java.time.LocalDateTime time) {
        return "TIMESTAMP '" + time.toString().replace('T', ' ') + "'";
    }

    /**
     * The Smile CDR {@code db.driver} names ({@code POSTGRES_9_4}, ...) whose databases this dialect
     * reads; a module whose driver no dialect names is refused before connecting.
     */
    default java.util.Set<String> smileDrivers() {
        return java.util.Set.of();
    }

    /** A SQL literal for a date, in the printed restore statement. */
    default String dateLiteral(java.time.LocalDate date) {
        return "DATE '" + date + "'";
    }

    /** A SQL literal for a value of the {@code success} column, in the printed restore statement. */
    default String booleanLiteral(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    /** A query returning the database's current time as one TIMESTAMP WITH TIME ZONE column. */
    default String currentTimeQuery() {
        return "SELECT CURRENT_TIMESTAMP";
    }
}
