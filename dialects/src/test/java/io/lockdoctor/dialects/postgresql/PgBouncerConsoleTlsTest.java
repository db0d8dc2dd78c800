package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.fixtures.PgBouncerFixture.PoolMode;
import io.lockdoctor.fixtures.PgBouncerFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The console over TLS: a PgBouncer requiring it, with a self-signed certificate. */
class PgBouncerConsoleTlsTest {
    private static final SessionSettings SETTINGS = SessionSettings.withTimeout(Duration.ofSeconds(5));

    @Test
    void readsAConsoleThatRequiresTlsAndVerifiesItsCertificateWhenAsked() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).authType("plain").requireTls()
                .start()) {
            PoolerEndpoint endpoint = PgBouncerConsoleTest.endpoint(pgbouncer);
            ConsoleCredentials credentials = new ConsoleCredentials(pgbouncer.user(), pgbouncer.password());

            // Encrypted, certificate unchecked; plain auth sends the password, which TLS allows.
            try (PgBouncerConsole console = open(endpoint, credentials, ConsoleTls.prefer())) {
                assertThat(console.snapshot().clients()).isNotEmpty();
            }
            // Verified against the JVM's trust store: a self-signed certificate fails, saying what to do.
            assertThatThrownBy(() -> open(endpoint, credentials, ConsoleTls.verifyFull(SSLContext.getDefault())))
                    .isInstanceOfSatisfying(PoolerConsoleException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PoolerConsoleException.Reason.FAILED);
                        assertThat(e.getMessage()).contains("TLS").contains("trust");
                    });
            // Verified against a trust store holding PgBouncer's certificate: it passes.
            try (PgBouncerConsole console = open(endpoint, credentials,
                    ConsoleTls.verifyFull(trusting(pgbouncer.tlsCertificate())))) {
                assertThat(console.version()).startsWith("PgBouncer");
            }
        }
    }

    @Test
    void neverSendsAClearTextPasswordWithoutTlsNorSkipsRequiredTls() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).authType("plain").start()) {
            PoolerEndpoint endpoint = PgBouncerConsoleTest.endpoint(pgbouncer);
            ConsoleCredentials credentials = new ConsoleCredentials(pgbouncer.user(), pgbouncer.password());

            assertThatThrownBy(() -> open(endpoint, credentials, ConsoleTls.prefer()))
                    .isInstanceOfSatisfying(PoolerConsoleException.class,
                            e -> assertThat(e.getMessage()).contains("clear text").doesNotContain(pgbouncer.password()));
            assertThatThrownBy(() -> open(endpoint, credentials, ConsoleTls.verifyFull(SSLContext.getDefault())))
                    .isInstanceOfSatisfying(PoolerConsoleException.class,
                            e -> assertThat(e.getMessage()).contains("does not offer TLS"));
        }
    }

    private static PgBouncerConsole open(PoolerEndpoint endpoint, ConsoleCredentials credentials, ConsoleTls tls) {
        return PgBouncerConsole.open(endpoint, credentials, SETTINGS, tls, Clock.systemUTC());
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("pgbouncer", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
