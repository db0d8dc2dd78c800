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
 * @param timeout where the bound on connecting, each statement and each lock wait is set
 * @param schema where the schema to search is set
 */
public record ConnectionTerms(String url, String user, String password, String timeout, String schema) {
    /** Plain words, the default: a program embedding lockdoctor names its own settings with {@code withTerms}. */
    public static final ConnectionTerms PLAIN = new ConnectionTerms("the JDBC URL", "the user", "the password",
            "the timeout",
            "the schema");

    public ConnectionTerms {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(schema, "schema");
    }

    /** The keys of module {@code id} in a Smile CDR {@code cdr-config-Master.properties}; the timeout as named here. */
    public ConnectionTerms forSmileModule(String id) {
        String prefix = "module." + id + ".config.db.";
        return new ConnectionTerms(prefix + "url (module " + id + " of the Smile CDR configuration)",
                prefix + "username", prefix + "password", timeout, schema);
    }
}
