package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionOptions;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.EvidenceOptions;
import io.lockdoctor.cli.options.OutputFormat;
import io.lockdoctor.cli.options.TableOptions;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.cli.render.StatusDocument;
import io.lockdoctor.cli.render.StatusText;
import io.lockdoctor.core.InvalidInputException;
import io.lockdoctor.core.inspect.DatabaseReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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
            "",
            "A lock is STALE only when every session is visible, nothing touched the lock",
            "or any table during the observe window, the history did not change, and the",
            "lock is at least --min-age old.",
            "",
            "Exit codes: 0 no lock, 1 error, 2 usage, 3 stale, 4 active, 5 uncertain,",
            "            6 no history table found."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private LockDoctorCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private TableOptions tables;

    @Mixin
    private EvidenceOptions evidence;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Override
    public Integer call() {
        if (format == OutputFormat.csv) {
            throw new InvalidInputException("status prints text or json, not csv");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<ConnectionSpec> targets = connection.resolveAll(root.context(), root.secrets(), err);
        List<DatabaseReport> reports = Inspection.runAll(targets, tables.tables(), evidence,
                Inspection.scanLogs(evidence, root, err), root, err);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            Json.write(out, StatusDocument.of(reports));
        } else {
            StatusText.render(reports, out);
        }
        return ExitCodes.forReports(reports);
    }
}
