package io.lockdoctor.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.core.DatabaseAccessException;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.UnsupportedDatabaseException;
import io.lockdoctor.core.db.SqlErrors;
import io.lockdoctor.core.dialect.Dialect;
import io.lockdoctor.core.dialect.DialectRegistry;
import io.lockdoctor.core.dialect.SessionSettings;
import io.lockdoctor.core.support.Durations;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small connection pool on one database and the {@link LockDoctor} on top of it, closed together.
 * The pool tries the first connection at once, so a wrong password or an unreachable host fails
 * within {@code --timeout} with the driver's reason rather than after pool retries.
 */
public final class OpenDatabase implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 4;
    private static final long HIKARI_MIN_TIMEOUT_MILLIS = 250;
    private static final long CONNECT_MARGIN_MILLIS = 1000;

    private final HikariDataSource pool;
    private final LockDoctor doctor;

    private OpenDatabase(HikariDataSource pool, LockDoctor doctor) {
        this.pool = pool;
        this.doctor = doctor;
    }

    public static OpenDatabase open(ConnectionSpec spec, DialectRegistry dialects) {
        SessionSettings settings = spec.settings();
        Optional<Dialect> byUrl = dialects.byUrl(spec.url());
        Properties properties = new Properties();
        byUrl.ifPresent(d -> properties.putAll(d.connectionProperties(settings)));
        HikariConfig config = new HikariConfig();
        config.setPoolName("lockdoctor");
        config.setDataSource(dataSource(spec, dialects, properties));
        config.setUsername(spec.user());
        config.setPassword(spec.password());
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        long timeoutMillis = Math.max(HIKARI_MIN_TIMEOUT_MILLIS, settings.timeoutMillis());
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(timeoutMillis);
        config.setInitializationFailTimeout(1);
        config.setRegisterMbeans(false);
        HikariDataSource pool = startPool(config, spec);
        LockDoctor.Builder builder = LockDoctor.builder(pool)
                .dialects(dialects)
                .settings(settings)
                .description(spec.displayUrl());
        return new OpenDatabase(pool, builder.build());
    }

    /**
     * Starts the pool (which opens the first connection) on a separate thread and waits at most
     * {@code --timeout} plus a second: some drivers (H2 over TCP) have no read timeout and would
     * wait forever on a server that accepts connections but never answers.
     */
    private static HikariDataSource startPool(HikariConfig config, ConnectionSpec spec) {
        SessionSettings settings = spec.settings();
        CompletableFuture<HikariDataSource> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(new HikariDataSource(config));
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
                    + "not answer as a database would: check host, port and protocol in --url, or raise --timeout");
        } catch (ExecutionException e) {
            throw SqlErrors.translate("connect to " + spec.displayUrl(), e.getCause(), settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseAccessException("interrupted while connecting to " + spec.displayUrl());
        }
    }

    /**
     * The driver the URL needs, loaded alone (see {@link DriverDataSource}). A URL no dialect claims still
     * works when a driver takes it; metadata detection decides then.
     */
    private static DriverDataSource dataSource(ConnectionSpec spec, DialectRegistry dialects, Properties properties) {
        try {
            return new DriverDataSource(spec.url(), properties);
        } catch (SQLException e) {
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
