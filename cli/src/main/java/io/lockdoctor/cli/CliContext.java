package io.lockdoctor.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may take from its surroundings, passed in so tests can set it: environment
 * variables, standard input, whether a terminal is attached, the clock and the working directory.
 */
public record CliContext(Map<String, String> environment, InputStream stdin, boolean interactive, Clock clock,
        Path workingDirectory) {

    public CliContext {
        environment = Map.copyOf(environment);
    }

    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, System.console() != null, Clock.systemUTC(),
                Path.of("").toAbsolutePath());
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }
}
