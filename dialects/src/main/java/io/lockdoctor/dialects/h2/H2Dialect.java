package io.lockdoctor.dialects.h2;

import io.lockdoctor.core.dialect.Dialect;
import io.lockdoctor.core.dialect.SessionSettings;
import io.lockdoctor.core.evidence.SessionObserver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * H2 2.x, embedded or server, in any compatibility mode. H2 has no per-session application name:
 * its sessions are told apart by {@code SESSION_ID()}.
 */
public final class H2Dialect implements Dialect {
    /** H2's own defaults, restored on borrowed connections. */
    private static final long DEFAULT_LOCK_TIMEOUT_MILLIS = 10_000;

    private final SessionObserver observer = new H2SessionObserver();

    @Override
    public Optional<SessionObserver> sessionObserver() {
        return Optional.of(observer);
    }

    @Override
    public String id() {
        return "h2";
    }

    @Override
    public String displayName() {
        return "H2";
    }

    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return "H2".equalsIgnoreCase(productName);
    }

    @Override
    public boolean isSystemSchema(String schema) {
        // PostgreSQL compatibility mode adds PG_CATALOG (H2's emulated pg_* views) to every database.
        return schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.equalsIgnoreCase("PG_CATALOG");
    }

    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        return Map.of();
    }

    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of(
                "SET LOCK_TIMEOUT " + settings.lockWaitMillis(),
                "SET QUERY_TIMEOUT " + settings.timeoutMillis());
    }

    @Override
    public List<String> sessionReset() {
        return List.of("SET LOCK_TIMEOUT " + DEFAULT_LOCK_TIMEOUT_MILLIS, "SET QUERY_TIMEOUT 0");
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        long millis = Math.max(1, lockWait.toMillis());
        return List.of("SET LOCK_TIMEOUT " + millis, "SET QUERY_TIMEOUT " + millis);
    }
}
