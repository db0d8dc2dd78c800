package io.lockdoctor.dialects.postgresql;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How lockdoctor encrypts its session on a pooler's console.
 *
 * <ul>
 *   <li>{@link #prefer()}: TLS when the console offers it, its certificate not checked; plain
 *       otherwise. The same as pgjdbc's default {@code sslmode=prefer}, so the console session is
 *       no weaker than lockdoctor's database connection with default settings.</li>
 *   <li>{@link #verifyFull(SSLContext)}: TLS required, the certificate checked against the
 *       context's trust store and the host name, as {@code sslmode=verify-full}. Use it when
 *       lockdoctor's own URL asks for verification.</li>
 * </ul>
 *
 * A password is sent in clear text only inside TLS, whichever mode.
 */
public final class ConsoleTls {
    private final SSLContext context;
    private final boolean verify;

    private ConsoleTls(SSLContext context, boolean verify) {
        this.context = context;
        this.verify = verify;
    }

    public static ConsoleTls prefer() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new UncheckedCertificates()}, null);
            return new ConsoleTls(context, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /** TLS required and verified with {@code context} (e.g. {@code SSLContext.getDefault()}, the JVM's trust store). */
    public static ConsoleTls verifyFull(SSLContext context) {
        return new ConsoleTls(Objects.requireNonNull(context, "context"), true);
    }

    SSLContext context() {
        return context;
    }

    /** Whether the certificate and host name are checked, and TLS is required. */
    boolean verify() {
        return verify;
    }

    @Override
    public String toString() {
        return verify ? "TLS required and verified" : "TLS when offered, not verified";
    }

    /** What {@code sslmode=prefer} trusts: any certificate (encryption against eavesdroppers only). */
    private static final class UncheckedCertificates implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server: never asked
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately unchecked in prefer mode; verifyFull checks
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
