package io.lockdoctor.dialects;

import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.SessionSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dialect with no real server here, run against H2 in its compatibility mode: everything that
 * reading history and locks uses (detection names, quoting, namespaces, system schemas, literals,
 * the clock query, the unverified cap) is the real dialect's; what H2 cannot run (session tags in
 * PL/SQL or CONTEXT_INFO, the database's session views) is left out. Those statements are pinned
 * by the dialect's unit tests instead.
 */
public final class H2CompatibilityDialect implements Dialect {
    private final Dialect real;
    private final String clockQuery;

    public H2CompatibilityDialect(Dialect real) {
        this(real, real.currentTimeQuery());
    }

    /** @param clockQuery H2's stand-in where it lacks the real clock function (SQL Server's SYSDATETIMEOFFSET) */
    public H2CompatibilityDialect(Dialect real, String clockQuery) {
        this.real = real;
        this.clockQuery = clockQuery;
    }

    @Override
    public String id() {
        return real.id();
    }

    @Override
    public String displayName() {
        return real.displayName();
    }

    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return real.acceptsUrl(jdbcUrl);
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return real.acceptsProduct(productName, productVersion);
    }

    @Override
    public char identifierQuote() {
        return real.identifierQuote();
    }

    @Override
    public String quote(String identifier) {
        return real.quote(identifier);
    }

    @Override
    public String qualify(String schema, String table) {
        return real.qualify(schema, table);
    }

    @Override
    public boolean isSystemSchema(String schema) {
        return real.isSystemSchema(schema);
    }

    @Override
    public boolean namespacesAreCatalogs() {
        return real.namespacesAreCatalogs();
    }

    @Override
    public boolean verifiedAgainstRealServer() {
        return real.verifiedAgainstRealServer();
    }

    @Override
    public String currentTimeQuery() {
        return clockQuery;
    }

    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return real.selectForUpdate(qualifiedTable, columns, where, lockWait);
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return real.dateLiteral(date);
    }

    @Override
    public String booleanLiteral(boolean value) {
        return real.booleanLiteral(value);
    }

    @Override
    public Optional<SessionObserver> sessionObserver() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        return Map.of();
    }

    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of();
    }

    @Override
    public List<String> sessionReset() {
        return List.of();
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        return List.of();
    }
}
