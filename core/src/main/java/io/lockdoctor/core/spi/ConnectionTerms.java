package io.lockdoctor.core.spi;

import java.util.Objects;

/**
 * What the user calls the settings of a connection, so that an error's advice points at what to
 * change: an option of the command line, a module's {@code db.url} in a Smile CDR
 * configuration.
 *
 * @param url where the JDBC URL is set
 * @param user where the user is set
 * @param password where the password is set
 */
public record ConnectionTerms(String url, String user, String password) {
    /** Plain words, the default: a program embedding lockdoctor names its own settings with {@code withTerms}. */
    public static final ConnectionTerms PLAIN = new ConnectionTerms("the JDBC URL", "the user", "the password");

    public ConnectionTerms {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The keys of module {@code id} in a Smile CDR {@code cdr-config-Master.properties}. */
    public static ConnectionTerms smileModule(String id) {
        String prefix = "module." + id + ".config.db.";
        return new ConnectionTerms(prefix + "url (module " + id + " of the Smile CDR configuration)",
                prefix + "username", prefix + "password");
    }
}
