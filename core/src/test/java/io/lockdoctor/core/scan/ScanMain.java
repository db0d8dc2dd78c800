package io.lockdoctor.core.scan;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The scanner alone in its own JVM, without the CLI: {@code HostileInputTest} runs it with a small
 * heap to prove memory stays bounded. Usage: {@code ScanMain [--log-zone ZONE] [--threads N] FILE... | -}.
 * Exit codes as the CLI's: 0 found, 6 nothing found, 1 read error.
 */
public final class ScanMain {
    private ScanMain() {
    }

    public static void main(String[] args) {
        ScanOptions options = ScanOptions.defaults();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--log-zone" -> options = options.withLogZone(ZoneId.of(args[++i]));
                case "--threads" -> options = options.withThreads(Integer.parseInt(args[++i]));
                default -> inputs.add(args[i]);
            }
        }
        ScanResult result = new LogScanner(options).scanArguments(inputs);
        for (LogFinding f : result.findings()) {
            System.out.printf("%s %s %s x%d first %s:%d %s last %s:%d %s%n", f.code(), f.table(), f.uuid(),
                    f.occurrences(), f.first().file(), f.first().line(), f.first().timestamp(), f.last().file(),
                    f.last().line(), f.last().timestamp());
        }
        for (LockEvent e : result.events()) {
            System.out.printf("  %s %s %s %s:%d %s%n", e.kind(), e.table(), e.uuid(), e.file(), e.line(),
                    e.timestamp());
        }
        System.out.printf("files=%d bytes=%d events=%d omitted=%d%n", result.filesScanned(), result.bytesScanned(),
                result.events().size(), result.eventsOmitted());
        result.errors().forEach(e -> System.err.println("error: " + e.message()));
        System.exit(result.hasErrors() ? 1 : result.foundLockMessage() ? 0 : 6);
    }
}
