package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionOptions;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.EvidenceOptions;
import io.lockdoctor.cli.options.OutputFormat;
import io.lockdoctor.cli.render.AdviceText;
import io.lockdoctor.cli.render.DoctorDocument;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.cli.render.StatusText;
import io.lockdoctor.core.doctor.Diagnosis;
import io.lockdoctor.core.doctor.Doctor;
import io.lockdoctor.core.doctor.LogCrossCheck;
import io.lockdoctor.core.inspect.DatabaseReport;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockdoctor doctor}: the runbook one-shot combining the server log and the database. */
@Command(name = "doctor",
        description = "The runbook one-shot for a server that failed with HAPI-2153: reads the --log files, inspects "
                + "the database (both history tables), checks that the lock the log names is the one in the table, "
                + "states the verdict in one sentence with its evidence, and prints the exact next steps.",
        footer = {"",
            "Examples:",
            "  lockdoctor doctor --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env PGPASSWORD --log /opt/smilecdr/log/smile.log",
            "  kubectl logs deploy/smilecdr --previous | \\",
            "      lockdoctor doctor --log - --format json",
            "",
            "Exit codes: 0 no lock, 1 error, 2 usage, 3 stale, 4 active, 5 uncertain,",
            "            6 no history table found."})
public final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    private LockDoctorCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private EvidenceOptions evidence;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Override
    public Integer call() {
        if (format == OutputFormat.csv) {
            throw new InvalidInputException("doctor prints text or json, not csv");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<ConnectionSpec> targets = connection.resolveAll(root.context(), root.secrets(), err);
        ScanResult logs = Inspection.scanLogs(evidence, root, err);
        List<DatabaseReport> reports = Inspection.runAll(targets, EnumSet.allOf(KnownTable.class), evidence, logs,
                root, err);
        Map<DatabaseReport, String> hints = new IdentityHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            hints.put(reports.get(i), connection.asFlags(targets.get(i)));
        }
        Diagnosis diagnosis = new Doctor().diagnose(reports, logs);
        List<String> steps = AdviceText.nextSteps(diagnosis, hints::get);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            Json.write(out, DoctorDocument.of(diagnosis, steps));
        } else {
            text(diagnosis, steps, out);
        }
        return ExitCodes.forReports(diagnosis.databases());
    }

    private static void text(Diagnosis d, List<String> steps, PrintWriter out) {
        out.println("Verdict: " + StatusText.overall(d.databases()) + ". " + d.summary());
        out.println();
        if (d.logs() != null) {
            out.println("Logs: " + d.logs().filesScanned() + " file(s), " + d.logs().bytesScanned() + " bytes; "
                    + d.logs().findings().size() + " lock message(s), " + d.logs().events().size() + " timeline event(s)");
            for (LogFinding f : d.logs().findings()) {
                out.println("  " + (f.code() == null ? "lock message" : f.code()) + " x" + f.occurrences() + ": "
                        + (f.table() == null ? "(no table)" : f.table()) + ", "
                        + (f.uuid() == null ? "(no UUID in the message)" : f.uuid()) + ", first " + f.first().file() + ":"
                        + f.first().line() + (f.first().timestamp() == null ? "" : " " + f.first().timestamp()));
            }
            for (LogCrossCheck c : d.crossChecks()) {
                out.println("  " + c.outcome() + ": " + c.sentence());
            }
            out.println();
        }
        StatusText.render(d.databases(), out);
        out.println();
        out.println("Next steps:");
        for (int i = 0; i < steps.size(); i++) {
            out.println("  " + (i + 1) + ". " + steps.get(i));
        }
        out.flush();
    }
}
