package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.cli.demo.DemoInstallation;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.core.HistoryQuery;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.DialectRegistry;
import io.lockdoctor.core.spi.SessionSettings;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI's own connections, on an in-memory H2 database whose sessions a separate connection counts. */
class DirectConnectionsTest {
    private final String url = "jdbc:h2:mem:direct-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    /** Every connection the opener opened, in order. */
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    private Connection openPhysical() throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        opened.add(c);
        return c;
    }

    private DirectConnections open(long borrowWaitMillis) throws Exception {
        return DirectConnections.open(this::openPhysical, 10_000, borrowWaitMillis);
    }

    /** Sessions on the database, this counting one left out. */
    private int otherSessions() throws SQLException {
        try (Connection counter = DriverManager.getConnection(url, "sa", "");
                Statement s = counter.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getInt(1) - 1;
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void theFirstConnectionIsOpenedAtOnceAndServesTheFirstBorrowerOnly() throws Exception {
        try (DirectConnections connections = open(1000)) {
            assertThat(opened).hasSize(1);
            assertThat(otherSessions()).isEqualTo(1);
            try (Connection first = connections.getConnection()) {
                assertThat(first).isSameAs(opened.get(0));
            }
            try (Connection second = connections.getConnection()) {
                assertThat(opened).hasSize(2);
                assertThat(second).isSameAs(opened.get(1));
            }
        }
    }

    @Test
    void theFirstConnectionsMetadataIsReadWithoutUsingItUp() throws Exception {
        try (DirectConnections connections = open(1000)) {
            assertThat(connections.fromFirstMetaData(m -> m.getDatabaseProductName())).contains("H2");
            assertThat(connections.getConnection()).isSameAs(opened.get(0));
            assertThat(opened).hasSize(1);
            assertThat(connections.fromFirstMetaData(m -> m.getDatabaseProductName())).isEmpty();
        }
    }

    @Test
    void theDialectIsKnownAtOpenAndTheFirstConnectionWaitsForTheFirstSession() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String sql : DemoInstallation.ddl("FLY_HFJ_MIGRATION")) { // lockdoctor opens existing databases only
                s.execute(sql);
            }
        }
        ConnectionSpec spec = new ConnectionSpec(url, "sa", "", Optional.empty(), SessionSettings.defaults());
        try (OpenDatabase database = OpenDatabase.open(spec, DialectRegistry.discover())) {
            assertThat(database.doctor().dialect().displayName()).isEqualTo("H2");
            assertThat(otherSessions()).as("the first connection, still open and unused").isEqualTo(1);
            List<Integer> sessionsDuringTheFirstSession = new ArrayList<>();
            database.doctor().history(Optional.empty(), List.of(KnownTable.FLY_HFJ_MIGRATION), HistoryQuery.all(),
                    new LockDoctor.HistorySink() {
                        @Override
                        public void beginTable(MigrationTable table) {
                            sessionsDuringTheFirstSession.add(countOtherSessions());
                        }

                        @Override
                        public void row(MigrationRow row) {
                        }
                    });
            assertThat(sessionsDuringTheFirstSession).as("the first session runs on the first connection").containsExactly(1);
            assertThat(otherSessions()).isZero();
        }
    }

    private int countOtherSessions() {
        try {
            return otherSessions();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closingABorrowedConnectionEndsItsSession() throws Exception {
        try (DirectConnections connections = open(1000)) {
            Connection first = connections.getConnection();
            Connection second = connections.getConnection();
            assertThat(otherSessions()).isEqualTo(2);
            second.close();
            assertThat(otherSessions()).isEqualTo(1);
            first.close();
            assertThat(otherSessions()).isZero();
        }
    }

    @Test
    void aBorrowerBeyondFourWaitsAtMostTheTimeoutAndIsToldWhy() throws Exception {
        try (DirectConnections connections = open(300)) {
            for (int i = 0; i < DirectConnections.MAX_OPEN; i++) {
                connections.getConnection();
            }
            long start = System.nanoTime();
            assertThatThrownBy(connections::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("no connection free within 300ms")
                    .hasMessageContaining("at most 4 connections");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 5_000L);
            assertThat(opened).hasSize(DirectConnections.MAX_OPEN);
            assertThat(otherSessions()).isEqualTo(DirectConnections.MAX_OPEN);
        }
    }

    @Test
    void aWaitingBorrowerGetsTheConnectionClosedMeanwhile() throws Exception {
        try (DirectConnections connections = open(10_000)) {
            Connection held = connections.getConnection();
            for (int i = 1; i < DirectConnections.MAX_OPEN; i++) {
                connections.getConnection();
            }
            CompletableFuture<Connection> fifth = CompletableFuture.supplyAsync(() -> {
                try {
                    return connections.getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertThat(fifth).isNotDone();
            held.close();
            assertThat(fifth.get(5, TimeUnit.SECONDS).isClosed()).isFalse();
            assertThat(otherSessions()).isEqualTo(DirectConnections.MAX_OPEN);
        }
    }

    @Test
    void closeEndsTheUnusedFirstAndEveryConnectionStillOpenOnceOnly() throws Exception {
        DirectConnections unused = open(1000);
        unused.close();
        assertThat(opened.get(0).isClosed()).isTrue();

        DirectConnections connections = open(1000);
        Connection first = connections.getConnection();
        Connection second = connections.getConnection();
        Connection given = connections.getConnection();
        given.close();
        assertThat(otherSessions()).isEqualTo(2);
        connections.close();
        awaitClosed(first);
        awaitClosed(second);
        assertThat(otherSessions()).isZero();
        connections.close();
        assertThatThrownBy(connections::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("were closed");
        assertThat(opened).hasSize(4);
    }

    @Test
    void closeDoesNotWaitForABorrowedConnectionThatCannotBeClosedYet() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        AtomicBoolean closedAtLast = new AtomicBoolean();
        // As an H2 session paused by another's exclusive mode: abort does nothing, close waits.
        Connection stuck = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> closedAtLast.get();
                    case "close" -> {
                        awaitIgnoringInterrupts(released);
                        closedAtLast.set(true);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        DirectConnections connections = DirectConnections.open(() -> stuck, 10_000, 1000);
        assertThat(connections.getConnection()).isSameAs(stuck);
        long start = System.nanoTime();
        connections.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(closedAtLast).isFalse();
        released.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!closedAtLast.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(closedAtLast).as("closed once it could be").isTrue();
    }

    @Test
    void aFirstConnectionThatFailsCarriesTheDriversReason() {
        SQLException refused = new SQLException("FATAL: password authentication failed for user \"ops\"", "28P01");
        assertThatThrownBy(() -> DirectConnections.open(() -> {
            throw refused;
        }, 10_000, 1000)).isInstanceOf(ExecutionException.class).hasCause(refused);
    }

    /** Closed within five seconds (by a thread of DirectConnections' own). */
    private static void awaitClosed(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!connection.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(connection.isClosed()).isTrue();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException ignored) {
                // keeps waiting
            }
        }
    }

    @Test
    void aFirstConnectionThatComesTooLateIsClosedWhenItComes() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        assertThatThrownBy(() -> DirectConnections.open(() -> {
            awaitIgnoringInterrupts(answer); // as a driver without a read timeout does
            return openPhysical();
        }, 100, 1000)).isInstanceOf(TimeoutException.class);
        answer.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (opened.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(opened).hasSize(1);
        awaitClosed(opened.get(0));
        assertThat(otherSessions()).isZero();
    }
}
