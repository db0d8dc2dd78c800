package io.lockdoctor.cli;

import io.lockdoctor.core.spi.DialectRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may take from its surroundings, passed in so tests can set it: environment
 * variables, standard input, whether a terminal is attached, the clock, the working directory and
 * the dialects on the class path (discovered once per run).
 */
public record CliContext(Map<String, String> environment, InputStream stdin, boolean interactive, Clock clock,
        Path workingDirectory, DialectDiscovery dialectDiscovery) {

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** Dialects discovered at the first command's need. */
    public CliContext(Map<String, String> environment, InputStream stdin, boolean interactive, Clock clock,
            Path workingDirectory) {
        this(environment, stdin, interactive, clock, workingDirectory, new DialectDiscovery());
    }

    public static CliContext system() {
        return system(new DialectDiscovery());
    }

    public static CliContext system(DialectDiscovery dialects) {
        return new CliContext(System.getenv(), System.in, System.console() != null, Clock.systemUTC(),
                Path.of("").toAbsolutePath(), dialects);
    }

    /** The dialects on the class path. */
    public DialectRegistry dialects() {
        return dialectDiscovery.registry();
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }
}
