package io.lockdoctor.cli.render;

import io.lockdoctor.core.doctor.Diagnosis;
import io.lockdoctor.core.doctor.LogCrossCheck;
import io.lockdoctor.core.scan.LogFinding;
import java.io.PrintWriter;

/** {@code lockdoctor doctor} as text: the verdict, what the logs say, the databases, the next steps. */
public final class DoctorText {
    private DoctorText() {
    }

    public static void render(Diagnosis d, PrintWriter out) {
        out.println("Verdict: " + StatusText.overall(d.databases()) + ". " + d.summary());
        out.println();
        if (d.logs() != null) {
            logs(d, out);
            out.println();
        }
        StatusText.render(d.databases(), out);
        out.println();
        out.println("Next steps:");
        for (int i = 0; i < d.nextSteps().size(); i++) {
            out.println("  " + (i + 1) + ". " + d.nextSteps().get(i));
        }
        out.flush();
    }

    private static void logs(Diagnosis d, PrintWriter out) {
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
    }
}
