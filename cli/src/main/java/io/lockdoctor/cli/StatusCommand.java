package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.TableOptions;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.cli.render.StatusDocument;
import io.lockdoctor.cli.render.StatusMetrics;
import io.lockdoctor.cli.render.StatusText;
import io.lockdoctor.core.DatabaseReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lockdoctor status}: per table, whether it exists, its migrations, and the lock with a verdict. */
@Command(name = "status",
        description = "Report, per history table: whether it exists, how many migrations, the latest version, "
                + "failed migrations, and the lock row if any, with a verdict and its evidence.",
        footer = {"",
            "Examples:",
            "  lockdoctor status --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env CDR_DB_PASSWORD",
            "  LOCKDOCTOR_URL=jdbc:h2:file:./lockdoctor-demo/cdr \\",
            "      lockdoctor status --format json",
            "  lockdoctor status --smile-config /opt/smilecdr --format openmetrics \\",
            "      --output /var/lib/node_exporter/textfile/lockdoctor.prom",
            "",
            "A lock is STALE only when every session is visible, nothing touched the lock",
            "or any table during the observe window, the history did not change, and the",
            "lock is at least --min-age old.",
            "",
            "Exit codes: 0 no lock, 1 error, 2 usage, 3 stale, 4 active, 5 uncertain,",
            "            6 no history table found."})
public final class StatusCommand extends InspectingCommand {
    @Mixin
    private TableOptions tables;

    /** What status prints: its own list, as only status offers metrics. */
    enum Format {
        text, json, openmetrics
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or openmetrics (the Prometheus text exposition, for node_exporter's "
                    + "textfile collector). Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the report to FILE instead of stdout, atomically: a reader sees the old "
                    + "report or the new one, never a part.")
    private Path output;

    @Override
    public Integer call() {
        PrintWriter err = err();
        List<ConnectionSpec> targets = connection().resolveAll(context(), secrets(), err);
        long started = System.nanoTime();
        List<DatabaseReport> reports = Inspection.runAll(targets, tables.tables(), evidence(),
                Inspection.scanLogs(evidence(), root(), err), root(), err);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (output == null) {
            PrintWriter out = out();
            render(reports, took, out);
            out.flush();
        } else {
            // The file gets what the terminal would: secrets masked, control characters escaped.
            StringWriter text = new StringWriter();
            PrintWriter file = TerminalOutput.guard(text, secrets());
            render(reports, took, file);
            file.flush();
            AtomicFile.replace(context().workingDirectory().resolve(output),
                    text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.forReports(reports);
    }

    /**
     * Writes the report line by line to {@code out} (a guarded writer, so that a line break in data
     * is escaped where it occurs, never taken for the report's own).
     */
    private void render(List<DatabaseReport> reports, Duration took, PrintWriter out) {
        switch (format) {
            case text -> StatusText.render(reports, out);
            case json -> Json.write(out, StatusDocument.of(reports));
            case openmetrics -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                StatusMetrics.write(bytes, StatusMetrics.of(reports, took, context().clock().instant(),
                        secrets()::mask));
                out.print(bytes.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
