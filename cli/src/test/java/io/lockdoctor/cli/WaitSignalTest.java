package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code lockdoctor wait} process stopped with SIGTERM (what Kubernetes sends) says what it last saw. */
class WaitSignalTest {
    @TempDir
    Path dir;

    @Test
    void sigtermEndsTheWaitWithALineSayingWhatItLastSaw() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.lockdoctor.cli.Main", "wait", "--url", H2Files.withLock(dir, "CURRENT_DATE"), "--user", "sa",
                "--observe", "0s", "--interval", "1s")).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output));
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!output.toString().contains("| UNCERTAIN |") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(process.isAlive()).as(output.toString()).isTrue();

        process.toHandle().destroy(); // SIGTERM, leaving the output stream open (Process.destroy closes it)
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);

        assertThat(process.exitValue()).as(output.toString()).isEqualTo(128 + 15);
        assertThat(output.toString()).containsPattern("lockdoctor wait: stopped by a signal after \\d+s; last seen: "
                + "waiting \\d+s \\| UNCERTAIN \\| lock FLY_HFJ_MIGRATION " + H2Files.LOCK_UUID);
    }

    private static void copy(InputStream in, StringBuffer into) {
        try {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            into.append("\n(read failed: ").append(e.getMessage()).append(')');
        }
    }
}
