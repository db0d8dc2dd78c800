package io.lockdoctor.cli.options;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.support.Secrets;
import java.util.Optional;

/**
 * A resolved database connection; {@code module} is the Smile CDR module id when it came from
 * {@code --smile-config}, null otherwise. {@link #toString()} never shows the password; {@link #displayUrl()}
 * is the URL with any password in it masked.
 */
public record ConnectionSpec(String url, String user, String password, Optional<String> schema,
        SessionSettings settings, String module) {

    /** A database given directly, not through a Smile CDR configuration. */
    public ConnectionSpec(String url, String user, String password, Optional<String> schema, SessionSettings settings) {
        this(url, user, password, schema, settings, null);
    }

    public String displayUrl() {
        return Secrets.mask(url, password);
    }

    @Override
    public String toString() {
        return "ConnectionSpec[" + (module == null ? "" : "module=" + module + ", ") + "url=" + displayUrl() + ", user=" + user + ", password="
                + (password == null ? "none" : Secrets.MASK) + ", schema=" + schema.orElse("(all)") + "]";
    }
}
