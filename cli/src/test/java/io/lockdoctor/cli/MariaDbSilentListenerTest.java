package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A MariaDB or MySQL address that accepts the connection and then never sends the server's
 * greeting (a hung server, a half-open proxy, a firewall that swallows packets): lockdoctor gives
 * up within its --timeout and says which URL it could not reach. Two bounds hold it: the driver's
 * connect and socket timeouts, and lockdoctor's own wait for the pool to start (--timeout plus a
 * 1 s margin); the slack covers loading the driver in a fresh JVM on a busy machine.
 */
class MariaDbSilentListenerTest {

    /** Without a bound the driver would wait for the greeting forever: the test must end either way. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMariaDbOrMySqlListenerThatNeverAnswersIsGivenUpOnWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (String url : new String[] {"jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/test",
                "jdbc:mysql://127.0.0.1:" + silent.getLocalPort() + "/test"}) {
                long start = System.nanoTime();
                CliRun run = CliRun.run("status", "--url", url, "--user", "root", "--timeout", "2s");
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertThat(run.exitCode()).as(url + "\n" + run.all()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.out()).as(url).contains("could not connect to " + url);
                assertThat(millis).as(url + ": --timeout 2s + the 1 s connect margin + slack")
                        .isLessThan(2_000 + 1_000 + 5_000);
            }
        }
    }
}
