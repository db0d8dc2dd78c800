package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.TextOrJson;
import io.lockdoctor.cli.render.AdviceText;
import io.lockdoctor.cli.render.DoctorDocument;
import io.lockdoctor.cli.render.DoctorText;
import io.lockdoctor.cli.render.Json;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.doctor.Diagnosis;
import io.lockdoctor.core.doctor.Doctor;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
public final class DoctorCommand extends InspectingCommand {
    @Mixin
    private TextOrJson format;

    @Override
    public Integer call() {
        PrintWriter err = err();
        List<ConnectionSpec> targets = connection().resolveAll(context(), secrets(), err);
        ScanResult logs = Inspection.scanLogs(evidence(), root(), err);
        List<DatabaseReport> reports = Inspection.runAll(targets, EnumSet.allOf(KnownTable.class), evidence(), logs,
                root(), err);
        Map<DatabaseReport, String> hints = new IdentityHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            hints.put(reports.get(i), connection().asFlags(targets.get(i)));
        }
        Diagnosis diagnosis = new Doctor().diagnose(reports, logs);
        List<String> steps = AdviceText.nextSteps(diagnosis, hints::get);
        if (format.json()) {
            Json.write(out(), DoctorDocument.of(diagnosis, steps));
        } else {
            DoctorText.render(diagnosis, steps, out());
        }
        return ExitCodes.forReports(diagnosis.databases());
    }
}
