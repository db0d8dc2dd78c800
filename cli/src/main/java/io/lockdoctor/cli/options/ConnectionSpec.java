package io.lockdoctor.cli.options;

import io.lockdoctor.core.dialect.SessionSettings;
import io.lockdoctor.core.support.Secrets;
import java.util.Optional;

/**
 * A resolved database connection. {@link #toString()} never shows the password; {@link #displayUrl()}
 * is the URL with any password in it masked.
 */
public record ConnectionSpec(String url, String user, String password, Optional<String> schema,
        SessionSettings settings) {

    public String displayUrl() {
        return Secrets.mask(url, password);
    }

    @Override
    public String toString() {
        return "ConnectionSpec[url=" + displayUrl() + ", user=" + user + ", password="
                + (password == null ? "none" : Secrets.MASK) + ", schema=" + schema.orElse("(all)") + "]";
    }
}
