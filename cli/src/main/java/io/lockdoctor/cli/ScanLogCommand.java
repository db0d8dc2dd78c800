package io.lockdoctor.cli;

import io.lockdoctor.cli.options.OutputFormat;
import io.lockdoctor.cli.options.ZoneConverter;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.cli.render.ScanLogDocument;
import io.lockdoctor.cli.render.ScanLogText;
import io.lockdoctor.core.scan.ScanError;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code lockdoctor scan-log}: lock messages and the lock's timeline from log files, no database needed. */
@Command(name = "scan-log",
        description = "Find HAPI-2153 lock messages (table and lock UUID) and the lock's timeline in logs: Logback "
                + "text, Logstash JSON, Kubernetes CRI and Docker json-file logs, docker compose output, gzip "
                + "(rotated) files, and copies pasted into tickets. Files are read in the order given: name "
                + "rotated sets oldest first.",
        footer = {"",
            "Examples:",
            "  lockdoctor scan-log log/smile.log.2.gz log/smile.log.1.gz log/smile.log",
            "  kubectl logs deploy/smilecdr --previous | lockdoctor scan-log - --format json",
            "  lockdoctor scan-log /var/log/pods/cdr_smilecdr-0_*/smilecdr/*.log \\",
            "      --log-zone Europe/Paris",
            "",
            "Exit codes: 0 a lock message was found, 1 a file could not be read",
            "            (truncated gzip included), 2 usage, 6 no lock message found."})
public final class ScanLogCommand implements Callable<Integer> {
    @ParentCommand
    private LockDoctorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files (plain or gzip), or - for standard input.")
    private List<String> files;

    @Option(names = "--log-zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Time zone of log times written without an offset (Logback's default), e.g. Europe/Paris.")
    private ZoneId logZone;

    @Option(names = "--all-events",
            description = "Text: list every event on its own row instead of the timeline with repetition folded "
                    + "(runs of waits, series of failed starts). JSON always lists the events.")
    private boolean allEvents;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Override
    public Integer call() {
        if (format == OutputFormat.csv) {
            throw new CommandLine.ParameterException(spec.commandLine(), "scan-log offers --format text or json");
        }
        PrintWriter err = spec.commandLine().getErr();
        ScanResult result = LogScans.scan(files, logZone, root.context(), err);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            Json.write(out, ScanLogDocument.of(result));
        } else {
            ScanLogText.print(out, result, allEvents);
            out.flush();
        }
        for (ScanError e : result.errors()) {
            err.println("lockdoctor: " + e.message());
        }
        if (result.hasErrors()) {
            return ExitCodes.ERROR;
        }
        return result.foundLockMessage() ? ExitCodes.OK : ExitCodes.NOTHING_FOUND;
    }
}
