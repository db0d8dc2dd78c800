package io.lockdoctor.core.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The part every dialect states the same way: its id and name, the JDBC URL prefix and product name
 * it is detected by, the Smile CDR drivers it reads, the schemas it keeps for itself, and its session
 * observer. A subclass adds
 * what is its own (quoting, session set-up, the clear's statements) and overrides detection only
 * where one name is not enough (MariaDB and MySQL, CockroachDB behind PostgreSQL's driver).
 */
public abstract class StandardDialect implements Dialect {
    private final String id;
    private final String displayName;
    private final String urlPrefix;
    private final Set<String> smileDrivers;
    private final SystemSchemas systemSchemas;
    private final SessionObserver observer;

    /**
     * @param displayName also the product name {@link java.sql.DatabaseMetaData} reports, unless
     *     {@link #acceptsProduct} is overridden
     * @param urlPrefix e.g. {@code jdbc:postgresql:}
     * @param systemSchemas schemas never worth searching or listing ({@link #isSystemSchema})
     * @param observer how the database shows its sessions, null when lockdoctor cannot observe them
     */
    protected StandardDialect(String id, String displayName, String urlPrefix, Set<String> smileDrivers,
            SystemSchemas systemSchemas, SessionObserver observer) {
        this.id = Objects.requireNonNull(id, "id");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.urlPrefix = Objects.requireNonNull(urlPrefix, "urlPrefix");
        this.smileDrivers = Set.copyOf(smileDrivers);
        this.systemSchemas = Objects.requireNonNull(systemSchemas, "systemSchemas");
        this.observer = observer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Set<String> smileDrivers() {
        return smileDrivers;
    }

    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).startsWith(urlPrefix);
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return displayName.equalsIgnoreCase(productName);
    }

    @Override
    public boolean isSystemSchema(String schema) {
        return systemSchemas.contains(schema);
    }

    @Override
    public Optional<SessionObserver> sessionObserver() {
        return Optional.ofNullable(observer);
    }
}
