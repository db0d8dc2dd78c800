package io.lockdoctor.cli;

import io.lockdoctor.cli.options.TextOrJson;
import io.lockdoctor.cli.options.ZoneConverter;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.cli.render.ScanLogDocument;
import io.lockdoctor.cli.render.ScanLogText;
import io.lockdoctor.core.scan.ScanError;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
public final class ScanLogCommand extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files (plain or gzip), or - for standard input.")
    private List<String> files;

    @Option(names = "--log-zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "Time zone of log times written without an offset (Logback's default), e.g. Europe/Paris.")
    private ZoneId logZone;

    @Option(names = "--all-events",
            description = "Text: list every event on its own row instead of the timeline with repetition folded "
                    + "(runs of waits, series of failed starts). JSON always lists the events.")
    private boolean allEvents;

    @Mixin
    private TextOrJson format;

    @Override
    public Integer call() {
        PrintWriter err = err();
        ScanResult result = LogScans.scan(files, logZone, context(), err);
        PrintWriter out = out();
        if (format.json()) {
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
