package io.lockdoctor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' own {@code promtool} (Debian package {@code prometheus}), run as a process. */
record Promtool(int exitCode, String output) {

    /** {@code promtool check metrics} on the exposition text. */
    static Promtool checkMetrics(String exposition) throws IOException, InterruptedException {
        Path input = Files.createTempFile("lockdoctor-metrics", ".prom");
        try {
            Files.writeString(input, exposition, StandardCharsets.UTF_8);
            return run(input, "check", "metrics");
        } finally {
            Files.delete(input);
        }
    }

    static Promtool run(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Promtool(process.exitValue(), output);
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool").toString();
            }
        }
        throw new AssertionError("promtool is missing: install Debian's prometheus package (.ci/run does)");
    }
}
