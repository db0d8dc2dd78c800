package io.lockdoctor.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A data source that runs a test's action right before (or right after) one statement whose SQL
 * matches, on the connection that runs it: how a test puts another migrator, another clear or a
 * killed connection at an exact point of lockdoctor's transaction without any hook in production
 * code. Each hook fires once.
 */
final class HookedDataSource {
    private final DataSource real;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();

    private record Hook(Predicate<String> sql, boolean afterExecution, Consumer<Connection> action, AtomicBoolean fired) {
    }

    private record CallListener(String method, BiConsumer<Connection, Object[]> action) {
    }

    HookedDataSource(DataSource real) {
        this.real = real;
    }

    /** Runs {@code action} once, just before the first statement whose SQL contains {@code fragment} executes. */
    HookedDataSource before(String fragment, Consumer<Connection> action) {
        hooks.add(new Hook(sql -> sql.contains(fragment), false, action, new AtomicBoolean()));
        return this;
    }

    /** Runs {@code action} once, just after the first statement whose SQL contains {@code fragment} executed. */
    HookedDataSource after(String fragment, Consumer<Connection> action) {
        hooks.add(new Hook(sql -> sql.contains(fragment), true, action, new AtomicBoolean()));
        return this;
    }

    /**
     * Runs {@code action} every time a method named {@code method} of a borrowed connection has
     * returned (e.g. {@code setAutoCommit}, {@code commit}, {@code rollback}), with the call's arguments:
     * how a test times lockdoctor's transaction.
     */
    HookedDataSource onConnectionCall(String method, BiConsumer<Connection, Object[]> action) {
        listeners.add(new CallListener(method, action));
        return this;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            for (CallListener listener : listeners) {
                if (listener.method().equals(method.getName())) {
                    listener.action().accept(connection, args == null ? new Object[0] : args);
                }
            }
            if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
                String sql = (String) args[0];
                List<Hook> matching = hooks.stream().filter(h -> !h.fired().get() && h.sql().test(sql)).toList();
                if (!matching.isEmpty()) {
                    return statement(statement, connection, matching);
                }
            }
            return result;
        });
    }

    private static PreparedStatement statement(PreparedStatement statement, Connection connection, List<Hook> matching) {
        return proxy(PreparedStatement.class, (proxy, method, args) -> {
            boolean executes = method.getName().startsWith("execute");
            if (executes) {
                fire(matching, false, connection);
            }
            Object result = invoke(statement, method, args);
            if (executes) {
                fire(matching, true, connection);
            }
            return result;
        });
    }

    private static void fire(List<Hook> hooks, boolean after, Connection connection) {
        for (Hook hook : hooks) {
            if (hook.afterExecution() == after && hook.fired().compareAndSet(false, true)) {
                hook.action().accept(connection);
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(HookedDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
