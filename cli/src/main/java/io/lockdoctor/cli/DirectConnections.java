package io.lockdoctor.cli;

import io.lockdoctor.core.support.Durations;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * lockdoctor's connections to one database for one run, opened straight from the driver instead of
 * pooled: a run takes a handful of sessions, and each connection is closed for good once its session
 * is over (an idle lockdoctor connection left open is one a concurrent run could count as a client).
 * The first connection is opened at once (see {@link #open}) and serves the first borrower; each later
 * borrower gets a new physical connection. Connections are the driver's own, so closing one closes it.
 * At most {@link #MAX_OPEN} are open at once: a borrower beyond that waits for one to be closed.
 */
final class DirectConnections extends PlainDataSource implements AutoCloseable {
    static final int MAX_OPEN = 4;
    /**
     * How often a borrower beyond the bound looks for a closed connection: the driver's connections
     * are handed out as they are, so their close is not heard, only seen ({@link Connection#isClosed()}).
     */
    private static final long CLOSE_POLL_MILLIS = 10;

    /** Opens one physical connection (the driver, the URL, the account). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final long borrowWaitMillis;
    /** Every connection opened and not seen closed, the unused first one included. Guarded by this. */
    private final List<Connection> open = new ArrayList<>();
    private Connection unusedFirst;
    /** Connections being opened, counted against the bound. */
    private int opening;
    private boolean closed;

    private DirectConnections(Opener opener, long borrowWaitMillis) {
        this.opener = opener;
        this.borrowWaitMillis = borrowWaitMillis;
    }

    /**
     * Opens the first connection on a daemon thread of its own and waits for it at most
     * {@code firstWaitMillis}: some drivers (H2 over TCP) have no read timeout and would wait forever
     * on a server that accepts connections but never answers. A connection that comes after the wait
     * is closed as it comes.
     *
     * @param borrowWaitMillis how long a borrower beyond {@link #MAX_OPEN} waits for a free place
     * @throws ExecutionException the driver's failure as its cause
     * @throws TimeoutException no connection within {@code firstWaitMillis}
     */
    static DirectConnections open(Opener opener, long firstWaitMillis, long borrowWaitMillis)
            throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<Connection> first = new CompletableFuture<>();
        Thread connecting = new Thread(() -> {
            try {
                first.complete(opener.open());
            } catch (Throwable e) {
                first.completeExceptionally(e);
            }
        }, "lockdoctor-connect");
        connecting.setDaemon(true);
        connecting.start();
        Connection connection;
        try {
            connection = first.get(firstWaitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            first.thenAccept(DirectConnections::closeQuietly);
            connecting.interrupt();
            throw e;
        }
        DirectConnections connections = new DirectConnections(opener, borrowWaitMillis);
        connections.unusedFirst = connection;
        connections.open.add(connection);
        return connections;
    }

    /** Reads a connection's metadata. */
    @FunctionalInterface
    interface MetaDataReader<T> {
        T read(DatabaseMetaData metaData) throws SQLException;
    }

    /**
     * What {@code reader} finds in the first connection's metadata while that connection is unused,
     * leaving it unused; empty once it was borrowed, or when the reading failed.
     */
    synchronized <T> Optional<T> fromFirstMetaData(MetaDataReader<T> reader) {
        if (unusedFirst == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(reader.read(unusedFirst.getMetaData()));
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first connection while it is unused, a new physical connection after that. */
    @Override
    public Connection getConnection() throws SQLException {
        synchronized (this) {
            requireOpen();
            if (unusedFirst != null) {
                Connection first = unusedFirst;
                unusedFirst = null;
                return first;
            }
            awaitFreePlace();
            opening++;
        }
        Connection connection = null;
        boolean kept = false;
        try {
            connection = opener.open();
        } finally {
            synchronized (this) {
                opening--;
                notifyAll();
                kept = connection != null && !closed;
                if (kept) {
                    open.add(connection);
                }
            }
        }
        if (!kept) {
            closeQuietly(connection);
            throw closedFailure();
        }
        return connection;
    }

    /** Waits (holding this lock between looks) until fewer than {@link #MAX_OPEN} are open or being opened. */
    private void awaitFreePlace() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(borrowWaitMillis);
        while (true) {
            open.removeIf(DirectConnections::seenClosed);
            if (open.size() + opening < MAX_OPEN) {
                return;
            }
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0) {
                throw new SQLTransientConnectionException("no connection free within "
                        + Durations.format(Duration.ofMillis(borrowWaitMillis)) + ": lockdoctor opens at most "
                        + MAX_OPEN + " connections to a database at once, and none of them was closed");
            }
            try {
                wait(Math.max(1, Math.min(CLOSE_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(leftNanos))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a free connection", e);
            }
            requireOpen();
        }
    }

    /** A connection whose state cannot be read still counts as open: the bound must hold. */
    private static boolean seenClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw closedFailure();
        }
    }

    private static SQLException closedFailure() {
        return new SQLException("lockdoctor's connections to this database were closed");
    }

    /**
     * Closes the unused first connection, and ends every borrowed one not yet closed on a thread of its
     * own, never waited for: its borrower, a session given up on, may be stuck in a statement that no
     * timeout ends (H2 pauses other sessions while one holds it in exclusive mode, and there closing
     * waits too). Once only; later borrowers get an exception.
     */
    @Override
    public void close() {
        Connection first;
        List<Connection> borrowed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            first = unusedFirst;
            unusedFirst = null;
            open.remove(first);
            open.removeIf(DirectConnections::seenClosed);
            borrowed = new ArrayList<>(open);
            open.clear();
            notifyAll();
        }
        if (first != null) {
            closeQuietly(first);
        }
        if (!borrowed.isEmpty()) {
            Thread ending = new Thread(() -> borrowed.forEach(DirectConnections::abortQuietly), "lockdoctor-close");
            ending.setDaemon(true);
            ending.start();
        }
    }

    /** Aborts, or closes where the driver's abort left the connection open (H2's does nothing). */
    private static void abortQuietly(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // closed below
        }
        if (!seenClosed(connection)) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // Broken already: nothing left to release on this side.
        }
    }

    /** The account is the one given at {@link #open}. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("lockdoctor's connections use the account given when they were "
                + "set up");
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("the login timeout is set before the first connection");
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }
}
