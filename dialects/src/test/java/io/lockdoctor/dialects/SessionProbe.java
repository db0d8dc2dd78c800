package io.lockdoctor.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.HistoryQuery;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Looks at the connection a {@link LockDoctor} borrowed while its session is open, from inside a
 * history read (the public API's one call back made within a session): what the session set on
 * it (tag, timeouts, modes) is seen as the database sees it, on lockdoctor's own session.
 */
public final class SessionProbe {

    /** A look at the borrowed connection; it must leave no statement open. */
    @FunctionalInterface
    public interface Look {
        void at(Connection borrowed) throws SQLException;
    }

    private SessionProbe() {
    }

    /**
     * Reads the history through a LockDoctor that {@code configure} sets up over {@code dataSource},
     * and runs {@code look} once, on the session's connection, as the first table's rows begin. A
     * history table must exist, or there is no session to look at: the probe fails then.
     */
    public static void whileReading(DataSource dataSource, UnaryOperator<LockDoctor.Builder> configure, Look look) {
        AtomicReference<Connection> borrowed = new AtomicReference<>();
        LockDoctor doctor = configure.apply(LockDoctor.builder(recordingBorrows(dataSource, borrowed))).build();
        AtomicInteger looks = new AtomicInteger();
        doctor.history(Optional.empty(), List.of(KnownTable.values()), HistoryQuery.all(), new LockDoctor.HistorySink() {
            @Override
            public void beginTable(MigrationTable table) {
                if (looks.getAndIncrement() == 0) {
                    try {
                        look.at(borrowed.get());
                    } catch (SQLException e) {
                        throw new AssertionError("the look at the borrowed connection failed", e);
                    }
                }
            }

            @Override
            public void row(MigrationRow row) {
            }
        });
        assertThat(looks.get()).as("a history table was read, so the session was looked at").isPositive();
    }

    /** {@code dataSource}, remembering the connection it lent last: the open session's during a read. */
    private static DataSource recordingBorrows(DataSource dataSource, AtomicReference<Connection> borrowed) {
        return (DataSource) Proxy.newProxyInstance(SessionProbe.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Connection connection) {
                        borrowed.set(connection);
                    }
                    return result;
                });
    }
}
