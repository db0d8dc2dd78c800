package io.lockdoctor.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.db.SqlErrors;
import io.lockdoctor.core.dialect.Dialect;
import io.lockdoctor.core.dialect.DialectRegistry;
import io.lockdoctor.core.dialect.SessionSettings;
import java.util.Optional;

/**
 * A small connection pool on one database and the {@link LockDoctor} on top of it, closed together.
 * The pool tries the first connection at once, so a wrong password or an unreachable host fails
 * within {@code --timeout} with the driver's reason rather than after pool retries.
 */
public final class OpenDatabase implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 4;
    private static final long HIKARI_MIN_TIMEOUT_MILLIS = 250;

    private final HikariDataSource pool;
    private final LockDoctor doctor;

    private OpenDatabase(HikariDataSource pool, LockDoctor doctor) {
        this.pool = pool;
        this.doctor = doctor;
    }

    public static OpenDatabase open(ConnectionSpec spec, DialectRegistry dialects) {
        SessionSettings settings = spec.settings();
        Optional<Dialect> byUrl = dialects.byUrl(spec.url());
        HikariConfig config = new HikariConfig();
        config.setPoolName("lockdoctor");
        config.setJdbcUrl(spec.url());
        config.setUsername(spec.user());
        config.setPassword(spec.password());
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        long timeoutMillis = Math.max(HIKARI_MIN_TIMEOUT_MILLIS, settings.timeoutMillis());
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(timeoutMillis);
        config.setInitializationFailTimeout(1);
        config.setRegisterMbeans(false);
        byUrl.ifPresent(d -> d.connectionProperties(settings).forEach(config::addDataSourceProperty));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("connect to " + spec.displayUrl(), e, settings);
        }
        LockDoctor.Builder builder = LockDoctor.builder(pool)
                .dialects(dialects)
                .settings(settings)
                .description(spec.displayUrl());
        return new OpenDatabase(pool, builder.build());
    }

    public LockDoctor doctor() {
        return doctor;
    }

    @Override
    public void close() {
        pool.close();
    }
}
