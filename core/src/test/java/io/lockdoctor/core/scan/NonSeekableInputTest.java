package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipes have no position: {@code scan-log <(zcat ...)} and named pipes are read as streams, whole. */
class NonSeekableInputTest {
    @TempDir
    Path dir;

    @Test
    void aNamedPipeWithAWriterIsReadWhole() throws Exception {
        byte[] log = Samples.bytes("logback-smile.log");
        ScanResult fromPipe = scanThroughPipe(log);

        ScanResult fromFile = new LogScanner().scan(Samples.copy("logback-smile.log", dir));
        assertThat(fromPipe.errors()).isEmpty();
        assertThat(fromPipe.bytesScanned()).isEqualTo(log.length);
        assertThat(fromPipe.findings()).isNotEmpty().hasSameSizeAs(fromFile.findings());
        assertThat(fromPipe.findings().get(0).uuid()).isEqualTo(fromFile.findings().get(0).uuid());
        assertThat(fromPipe.events()).hasSameSizeAs(fromFile.events());
    }

    @Test
    void gzipThroughAPipeIsDecompressed() throws Exception {
        ScanResult r = scanThroughPipe(Samples.bytes("smile.log.1.gz"));

        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).isNotEmpty();
    }

    private ScanResult scanThroughPipe(byte[] content) throws Exception {
        Path fifo = dir.resolve("pipe-" + System.nanoTime());
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ScanResult r = new LogScanner().scan(fifo);
        writer.get(10, TimeUnit.SECONDS);
        return r;
    }
}
