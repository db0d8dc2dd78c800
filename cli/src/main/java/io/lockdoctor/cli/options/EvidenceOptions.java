package io.lockdoctor.cli.options;

import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.core.ObserveOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code [evidence]} of the README's usage: how long to watch and what age a stale lock must at least have. */
public final class EvidenceOptions {
    @Option(names = "--observe", paramLabel = "DUR", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to sample the database's sessions and history (about every 250 ms). 0s skips the "
                    + "window and caps a lock at UNCERTAIN. Default: ${DEFAULT-VALUE}.")
    Duration observe;

    @Option(names = "--min-age", paramLabel = "DUR", defaultValue = "10m", converter = DurationConverter.class,
            description = "A lock is STALE only if it is known to be at least this old; 0s disables. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration minAge;

    @Option(names = "--long-statement", paramLabel = "DUR", defaultValue = "5m", converter = DurationConverter.class,
            description = "One statement running longer than this is evidence of an active migration. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration longStatement;

    @Option(names = "--writer-zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Time zone of the HAPI FHIR / Smile CDR JVMs that wrote the table (e.g. America/Toronto); "
                    + "narrows the lock's age bound.")
    ZoneId writerZone;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Server log (plain or gzip, any format; - for standard input) to read the lock's timeline from: "
                    + "a 'Migration Lock Row added' line dates the lock exactly. Repeatable; rotated sets oldest first.")
    List<String> logs = List.of();

    @Option(names = "--log-zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Time zone of log times written without an offset (Logback's default), e.g. Europe/Paris.")
    ZoneId logZone;

    @Option(names = "--exclude-client", paramLabel = "user=U,application=A,host=H",
            description = "A client you know is no migrator (a monitoring agent, a DBA console): its idle sessions no "
                    + "longer rule STALE out. Give any of user=, application= (or app=), host= (without port); each "
                    + "must match exactly. Repeatable. The report records it as your assumption; its sessions still "
                    + "count when they run DDL, write or lock tables.")
    List<String> excludedClients = List.of();

    @Mixin
    PoolerOptions pooler = new PoolerOptions();

    public PoolerOptions pooler() {
        return pooler;
    }

    public List<String> logs() {
        return logs;
    }

    public ZoneId logZone() {
        return logZone;
    }

    public ObserveOptions observeOptions() {
        return new ObserveOptions(observe, minAge, longStatement,
                excludedClients.stream().map(ClientExclusion::parse).toList(), CliTerms.OPTIONS);
    }

    public Optional<ZoneId> writerZone() {
        return Optional.ofNullable(writerZone);
    }
}
