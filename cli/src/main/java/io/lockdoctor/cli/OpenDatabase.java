package io.lockdoctor.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small connection pool on one database and the {@link LockDoctor} on top of it, closed together.
 * The pool tries the first connection at once, so a wrong password or an unreachable host fails
 * within {@code --timeout} with the driver's reason rather than after pool retries.
 */
public final class OpenDatabase implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 4;
    private static final long HIKARI_MIN_TIMEOUT_MILLIS = 250;
    private static final long CONNECT_MARGIN_MILLIS = 1000;
    /** {@code //user:secret@host}: the secret. */
    private static final Pattern USER_INFO_SECRET = Pattern.compile("//[^/@:\\s]*:([^@/\\s]+)@");

    private final HikariDataSource pool;
    private final LockDoctor doctor;

    private OpenDatabase(HikariDataSource pool, LockDoctor doctor) {
        this.pool = pool;
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
        HikariConfig config = new HikariConfig();
        config.setPoolName("lockdoctor");
        config.setDataSource(source);
        config.setUsername(spec.user());
        config.setPassword(spec.password());
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        // One connection while the pool starts: the one it opens to fail fast then serves the first
        // session. With none, the pool closes that connection and opens another at the first borrow.
        config.setMinimumIdle(1);
        long timeoutMillis = Math.max(HIKARI_MIN_TIMEOUT_MILLIS, settings.timeoutMillis());
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(timeoutMillis);
        config.setInitializationFailTimeout(1);
        config.setRegisterMbeans(false);
        HikariDataSource pool = startPool(config, spec, byUrl, source, connectionUrl);
        LockDoctor.Builder builder = LockDoctor.builder(pool)
                .dialects(dialects)
                .settings(settings)
                .description(spec.displayUrl())
                .privatePool(true)
                .afterSession(() -> pool.getHikariPoolMXBean().softEvictConnections())
                .connectionsClosedAfterSession(true)
                .jdbcUrl(connectionUrl);
        if (pooler != null) {
            builder.poolerAccess(pooler);
        }
        return new OpenDatabase(pool, builder.build());
    }

    /**
     * Starts the pool (which opens the first connection) on a separate thread and waits at most
     * {@code --timeout} plus a second: some drivers (H2 over TCP) have no read timeout and would
     * wait forever on a server that accepts connections but never answers.
     */
    private static HikariDataSource startPool(HikariConfig config, ConnectionSpec spec, Optional<Dialect> byUrl,
            DriverDataSource source, String connectionUrl) {
        SessionSettings settings = spec.settings();
        CompletableFuture<HikariDataSource> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                HikariDataSource pool = new HikariDataSource(config);
                // None kept idle from now on: each session's connections are closed after it (see
                // LockDoctor.Builder#afterSession), and no connection is opened again behind its back.
                pool.getHikariConfigMXBean().setMinimumIdle(0);
                started.complete(pool);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "lockdoctor-connect");
        starter.setDaemon(true);
        starter.start();
        try {
            return started.get(settings.timeoutMillis() + CONNECT_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            started.thenAccept(HikariDataSource::close);
            starter.interrupt();
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
        pool.close();
    }
}
