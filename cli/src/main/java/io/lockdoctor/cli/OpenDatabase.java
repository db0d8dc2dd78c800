package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.UnsupportedDatabaseException;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.DialectRegistry;
import io.lockdoctor.core.spi.PoolerAccess;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.support.Durations;
import io.lockdoctor.core.support.Secrets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lockdoctor's connections to one database ({@link DirectConnections}) and the {@link LockDoctor} on
 * top of them, closed together. The first connection is tried at once, so a wrong password or an
 * unreachable host fails within {@code --timeout} with the driver's reason.
 */
public final class OpenDatabase implements AutoCloseable {
    private static final long CONNECT_MARGIN_MILLIS = 1000;
    /** {@code //user:secret@host}: the secret. */
    private static final Pattern USER_INFO_SECRET = Pattern.compile("//[^/@:\\s]*:([^@/\\s]+)@");

    private final DirectConnections connections;
    private final LockDoctor doctor;

    private OpenDatabase(DirectConnections connections, LockDoctor doctor) {
        this.connections = connections;
        this.doctor = doctor;
    }

    public static OpenDatabase open(ConnectionSpec spec, DialectRegistry dialects) {
        return open(spec, dialects, null);
    }

    /** @param pooler how to read a connection pooler's client list, or null to look for none */
    public static OpenDatabase open(ConnectionSpec spec, DialectRegistry dialects, PoolerAccess pooler) {
        SessionSettings settings = spec.settings();
        Optional<Dialect> byUrl = dialects.byUrl(spec.url());
        String connectionUrl = byUrl.map(d -> d.connectionUrl(spec.url())).orElse(spec.url());
        Properties properties = new Properties();
        byUrl.ifPresent(d -> properties.putAll(d.connectionProperties(settings)));
        DriverDataSource source = dataSource(spec, connectionUrl, byUrl, dialects, properties);
        DirectConnections connections = connect(spec, byUrl, source, connectionUrl);
        // Each connection is closed once its session gave it back (DirectConnections): the sessions
        // need not undo their settings first, and stay lockdoctor's own in every later sample.
        LockDoctor.Builder builder = LockDoctor.builder(connections)
                .dialects(dialects)
                .settings(settings)
                .description(spec.displayUrl())
                .privatePool(true)
                .connectionsClosedAfterSession(true)
                .jdbcUrl(connectionUrl);
        detectedDialect(connections, dialects).ifPresent(builder::dialect);
        if (pooler != null) {
            builder.poolerAccess(pooler);
        }
        return new OpenDatabase(connections, builder.build());
    }

    /**
     * The dialect of the database, from the unused first connection's metadata as LockDoctor would
     * detect it (the metadata wins over the URL): a detection of LockDoctor's own would borrow that
     * connection and close it, and the first session would open another. Empty when the metadata does
     * not tell; LockDoctor then detects, and reports a failure, as it always does.
     */
    private static Optional<Dialect> detectedDialect(DirectConnections connections, DialectRegistry dialects) {
        return connections.fromFirstMetaData(dialects::byMetaData);
    }

    /**
     * Opens the first connection, waiting at most {@code --timeout} plus a second (see
     * {@link DirectConnections#open}), and words its failure for the user.
     */
    private static DirectConnections connect(ConnectionSpec spec, Optional<Dialect> byUrl, DriverDataSource source,
            String connectionUrl) {
        SessionSettings settings = spec.settings();
        // Where drivers read their connect bound (pgjdbc's loginTimeout, MariaDB's connectTimeout).
        source.setLoginTimeout(loginTimeoutSeconds(settings.timeoutMillis()));
        DirectConnections.Opener opener = spec.user() == null ? source::getConnection
                : () -> source.getConnection(spec.user(), spec.password());
        try {
            return DirectConnections.open(opener, settings.timeoutMillis() + CONNECT_MARGIN_MILLIS,
                    settings.timeoutMillis());
        } catch (TimeoutException e) {
            throw new DatabaseAccessException("could not connect to " + spec.displayUrl() + ": no answer within --timeout "
                    + Durations.format(settings.timeout()) + ". Something accepts connections at that address but does "
                    + "not answer as a database would: check host, port and protocol in " + settings.terms().url()
                    + ", or raise --timeout");
        } catch (ExecutionException e) {
            SQLException sql = sqlCause(e.getCause());
            Optional<LockDoctorException> explained = sql == null ? Optional.empty()
                    : byUrl.flatMap(d -> d.explainConnectFailure(sql, spec.displayUrl()));
            throw explained.or(() -> unparsable(source, connectionUrl, spec))
                    .orElseGet(() -> LockDoctor.connectionFailed(spec.displayUrl(), e.getCause(), settings));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseAccessException("interrupted while connecting to " + spec.displayUrl());
        }
    }

    /** {@code --timeout} in the whole seconds a login timeout takes: rounded, at least one. */
    private static int loginTimeoutSeconds(long timeoutMillis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeoutMillis + 500) / 1000));
    }

    /**
     * A URL its driver cannot even parse (MariaDB: a port that is not a number, an option of the wrong
     * type) is input to fix, not a database failure. {@code getPropertyInfo} parses without connecting.
     */
    private static Optional<LockDoctorException> unparsable(DriverDataSource source, String connectionUrl,
            ConnectionSpec spec) {
        try {
            source.driver().getPropertyInfo(connectionUrl, new Properties());
            return Optional.empty();
        } catch (SQLException e) {
            String words = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(new InvalidInputException(spec.displayUrl() + " is not a URL its driver can read: "
                    + masked(words, spec) + (spec.url().contains("@") ? " (a user and password go in --user and "
                            + "--password-env or --password-file, not in the URL)" : "")));
        }
    }

    /** Driver words about a URL can repeat any part of it, a password in its user-info too. */
    private static String masked(String text, ConnectionSpec spec) {
        String masked = Secrets.mask(text, spec.password());
        Matcher userInfo = USER_INFO_SECRET.matcher(spec.url());
        return userInfo.find() ? Secrets.mask(masked, userInfo.group(1)) : masked;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * Connections from the one driver the URL needs, loaded alone (see {@link DriverDataSource}). A URL
     * no dialect claims still works when a driver takes it; metadata detection decides then. A URL a
     * dialect claims but its driver refuses is malformed (a port that is not a number).
     */
    private static DriverDataSource dataSource(ConnectionSpec spec, String connectionUrl, Optional<Dialect> byUrl,
            DialectRegistry dialects, Properties properties) {
        try {
            return new DriverDataSource(connectionUrl, properties);
        } catch (SQLException e) {
            if (byUrl.isPresent()) {
                throw new InvalidInputException(spec.displayUrl() + " is not a URL the " + byUrl.get().displayName()
                        + " driver accepts: check its form (host, a numeric port, the database name)");
            }
            throw new UnsupportedDatabaseException("no JDBC driver in lockdoctor accepts the URL " + spec.displayUrl()
                    + "; supported databases: " + String.join(", ",
                            dialects.dialects().stream().map(Dialect::displayName).toList())
                    + ". Check the URL's prefix (e.g. jdbc:postgresql://host:5432/db)");
        }
    }

    public LockDoctor doctor() {
        return doctor;
    }

    @Override
    public void close() {
        connections.close();
    }
}
