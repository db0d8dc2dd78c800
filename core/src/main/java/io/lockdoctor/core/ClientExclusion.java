package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.spi.SessionActivity;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A client the operator declares not to be a migrator (a monitoring agent, a DBA's console), so
 * that its idle sessions do not rule STALE out. Every given part must match exactly (the host
 * case-insensitively); parts left out match anything. Excluded sessions are still reported, as
 * the operator's assumption, and still count when they run DDL, write or lock tables.
 *
 * @param user the database user, or null for any
 * @param application the application name the session reports, or null for any
 * @param host the client host or address as the database shows it (without a port), or null for any
 */
public record ClientExclusion(String user, String application, String host) {

    public ClientExclusion {
        if (user == null && application == null && host == null) {
            throw new InvalidInputException("an excluded client must name at least one of user, application, host");
        }
    }

    /**
     * Parses {@code user=U,application=A,host=H} (any of the three, at least one; {@code app=}
     * for short). Values may not contain commas or '='.
     */
    public static ClientExclusion parse(String spec) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : Objects.requireNonNull(spec, "spec").split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new InvalidInputException("invalid client '" + spec + "': expected user=U,application=A,host=H "
                        + "(any of them, at least one)");
            }
            String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            key = key.equals("app") ? "application" : key;
            if (!key.equals("user") && !key.equals("application") && !key.equals("host")) {
                throw new InvalidInputException("invalid client '" + spec + "': unknown part '" + key
                        + "' (use user=, application= or host=)");
            }
            if (parts.put(key, part.substring(eq + 1).strip()) != null) {
                throw new InvalidInputException("invalid client '" + spec + "': " + key + " given twice");
            }
        }
        return new ClientExclusion(parts.get("user"), parts.get("application"), parts.get("host"));
    }

    public boolean matches(SessionActivity session) {
        return (user == null || user.equals(session.user()))
                && (application == null || application.equals(session.application()))
                && (host == null || host.equalsIgnoreCase(withoutPort(session.host())));
    }

    /** MariaDB/MySQL show the client as {@code host:port}. */
    private static String withoutPort(String host) {
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon && host.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? host.substring(0, colon) : host;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (user != null) {
            out.append("user=").append(user);
        }
        if (application != null) {
            out.append(out.isEmpty() ? "" : ",").append("application=").append(application);
        }
        if (host != null) {
            out.append(out.isEmpty() ? "" : ",").append("host=").append(host);
        }
        return out.toString();
    }
}
