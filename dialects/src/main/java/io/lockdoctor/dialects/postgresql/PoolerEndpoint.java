package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.model.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * A host and TCP port: where lockdoctor's JDBC URL points, or where a pooler's admin console
 * answers (given as {@code host:port}, {@code [v6-address]:port}).
 */
public record PoolerEndpoint(String host, int port) {
    public static final int POSTGRES_DEFAULT_PORT = 5432;

    public PoolerEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new InvalidInputException("expected a host and a port from 1 to 65535, got " + host + ":" + port);
        }
    }

    /** Parses {@code host:port}, as an operator gives a pooler's admin address. */
    public static PoolerEndpoint parse(String hostAndPort) {
        String text = Objects.requireNonNull(hostAndPort, "hostAndPort").strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputException("expected host:port for the pooler's admin address, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new PoolerEndpoint(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("expected a numeric port in '" + text + "'");
        }
    }

    /**
     * The first host of a pgjdbc URL ({@code jdbc:postgresql://host[:port][,host2...]/db?...}), with
     * PostgreSQL's default port; {@code jdbc:postgresql:db} means {@code localhost:5432}.
     */
    public static PoolerEndpoint fromJdbcUrl(String jdbcUrl) {
        String url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String prefix = "jdbc:postgresql:";
        if (!url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            throw new InvalidInputException("not a PostgreSQL JDBC URL: " + io.lockdoctor.core.support.Secrets.mask(url));
        }
        String rest = url.substring(prefix.length());
        if (!rest.startsWith("//")) {
            return new PoolerEndpoint("localhost", POSTGRES_DEFAULT_PORT);
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop, 2);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String first = rest.substring(2, end).split(",")[0];
        if (first.isEmpty()) {
            return new PoolerEndpoint("localhost", POSTGRES_DEFAULT_PORT);
        }
        int bracket = first.indexOf(']');
        int colon = first.lastIndexOf(':');
        if (colon < 0 || colon < bracket) {
            return new PoolerEndpoint(first.replace("[", "").replace("]", ""), POSTGRES_DEFAULT_PORT);
        }
        return parse(first);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
