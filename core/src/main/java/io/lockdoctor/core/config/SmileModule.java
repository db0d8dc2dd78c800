package io.lockdoctor.core.config;

import io.lockdoctor.core.support.Secrets;
import java.util.Objects;

/**
 * One module of a Smile CDR configuration that has a database.
 *
 * @param id the module id, as the user chose it ({@code clustermgr}, {@code persistence}, ...)
 * @param type {@code module.<id>.type}, null when not given
 * @param driver {@code db.driver} as written, null when not given
 * @param url {@code db.url} with environment substitution applied
 * @param password never printed: {@link #toString()} masks it
 */
public record SmileModule(String id, String type, String driver, String url, String username, String password) {

    public SmileModule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "SmileModule[id=" + id + ", type=" + type + ", driver=" + driver + ", url=" + Secrets.mask(url, password)
                + ", username=" + username + ", password=" + (password == null ? "none" : Secrets.MASK) + "]";
    }
}
