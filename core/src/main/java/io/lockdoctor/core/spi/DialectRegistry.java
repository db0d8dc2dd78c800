package io.lockdoctor.core.spi;

import io.lockdoctor.core.model.UnsupportedDatabaseException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The dialects available to one {@code LockDoctor} and the detection between them: from the JDBC
 * URL before connecting, from {@link DatabaseMetaData} after (which wins, as it knows
 * CockroachDB behind the PostgreSQL driver and MySQL from MariaDB).
 */
public final class DialectRegistry {
    private final List<Dialect> dialects;

    public DialectRegistry(List<Dialect> dialects) {
        List<Dialect> sorted = new ArrayList<>(dialects);
        sorted.sort(Comparator.comparingInt(Dialect::detectionPriority).reversed());
        this.dialects = List.copyOf(sorted);
    }

    /** Every dialect on the class path, through {@link ServiceLoader}. */
    public static DialectRegistry discover() {
        return discover(DialectRegistry.class.getClassLoader());
    }

    public static DialectRegistry discover(ClassLoader loader) {
        List<Dialect> found = new ArrayList<>();
        ServiceLoader.load(Dialect.class, loader).forEach(found::add);
        return new DialectRegistry(found);
    }

    public List<Dialect> dialects() {
        return dialects;
    }

    public Optional<Dialect> byUrl(String jdbcUrl) {
        return dialects.stream().filter(d -> d.acceptsUrl(jdbcUrl)).findFirst();
    }

    /** The dialect that reads databases of a Smile CDR {@code db.driver}, e.g. {@code POSTGRES_9_4}. */
    public Optional<Dialect> bySmileDriver(String driver) {
        return dialects.stream().filter(d -> d.smileDrivers().contains(driver)).findFirst();
    }

    /** The dialect for the database a connection's metadata describes (see {@link #byProduct}). */
    public Dialect byMetaData(DatabaseMetaData metaData) throws SQLException {
        return byProduct(metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion());
    }

    /** The dialect for a connected database; a clear error naming the product when there is none. */
    public Dialect byProduct(String productName, String productVersion) {
        return dialects.stream()
                .filter(d -> d.acceptsProduct(productName, productVersion))
                .findFirst()
                .orElseThrow(() -> new UnsupportedDatabaseException("the database reports itself as '"
                        + productName + " " + productVersion + "', which lockdoctor does not support; supported: "
                        + String.join(", ", dialects.stream().map(Dialect::displayName).toList())));
    }
}
