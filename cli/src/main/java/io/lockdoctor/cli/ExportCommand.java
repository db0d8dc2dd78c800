package io.lockdoctor.cli;

import io.lockdoctor.cli.options.CliTerms;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.render.AdviceText;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.LockTarget;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.export.ExportStyle;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockUuid;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockdoctor export}: the line that makes HAPI FHIR remove the lock at its next start. */
@Command(name = "export",
        description = "Print the CLEAR_LOCK_TABLE_WITH_DESCRIPTION line that makes HAPI FHIR / Smile CDR delete the lock "
                + "at its next start. Only the snippet goes to stdout (eval \"$(lockdoctor export ...)\" works); advice "
                + "and verdicts go to stderr. With a connection the lock is checked first: an ACTIVE lock is refused, an "
                + "UNCERTAIN one unless --force; without one, nothing is verified.",
        footer = {"",
            "Styles: shell (default), fish, powershell, cmd, systemd, docker, java, k8s.",
            "Examples:",
            "  eval \"$(lockdoctor export --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env PGPASSWORD)\"",
            "  lockdoctor export --log log/smile.log --style k8s",
            "",
            "Set it for ONE start of ONE node, then remove it: never on every replica.",
            "Exit codes: 0 printed, 1 error, 2 usage, 4 migration active,",
            "            5 uncertain (--force to override), 6 no such lock;",
            "            when the lock is gone but another is there: that lock's code;",
            "            1 when a table could not be read, 4 when another session holds",
            "            it locked, 5 for several lock rows: a lock that could not be",
            "            read is never reported as gone."})
public final class ExportCommand extends InspectingCommand {
    private static final String ADVICE = "Set it for ONE start of ONE node and remove it after that start succeeded. "
            + "Never leave it set or put it on every replica: a node that carries it fails at once (HAPI-2152) whenever "
            + "another node holds a live lock, and the one value applies to every database that node migrates.";

    @Option(names = "--uuid", paramLabel = "UUID", description = "The lock's description (a canonical UUID).")
    private String uuid;

    @Option(names = "--table", paramLabel = "TABLE",
            description = "The history table: ${COMPLETION-CANDIDATES}. Default: whichever holds the lock.")
    private KnownTable table;

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "shell",
            description = "shell, fish, powershell, cmd, systemd, docker, java or k8s. Default: ${DEFAULT-VALUE}.")
    private ExportStyle style;

    @Option(names = "--force", description = "Print it even when staleness is UNCERTAIN (never when ACTIVE).")
    private boolean force;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        String lock = uuid == null ? null : LockUuid.require(uuid);
        ScanResult logs = Inspection.scanLogs(evidence(), root(), err);
        if (lock == null && logs != null) {
            lock = LogUuid.from(logs, table).orElse(null);
        }
        if (!connection().given(context())) {
            if (lock == null) {
                throw new InvalidInputException("say which lock: --uuid UUID, --log FILE with the HAPI-2153 message, or a "
                        + "connection (--url) to read it from the table");
            }
            err.println("lockdoctor: WARNING: nothing was verified (no --url): lockdoctor did not check that this lock "
                    + "exists nor that its migration is over. Prefer running it with a connection.");
            return print(lock, out, err);
        }
        ConnectionSpec target = connection().resolve(context(), secrets());
        Set<KnownTable> tables = table == null ? EnumSet.allOf(KnownTable.class) : EnumSet.of(table);
        DatabaseReport report = Inspection.run(target, tables, evidence(), logs, root(), err).report();
        LockTarget found = LockTarget.find(report, Optional.ofNullable(table), Optional.ofNullable(lock),
                CliTerms.OPTIONS);
        TableReport t = found.table();
        switch (found.decide(t, force, true)) {
            case NOTHING_THERE -> {
                err.println("lockdoctor: " + found.message() + " Nothing to clear: start the server.");
                return ExitCodes.NOTHING_FOUND;
            }
            case OTHER_LOCK -> {
                err.println("lockdoctor: " + found.message() + " Nothing printed; judge that lock first.");
                return ExitCodes.forVerdict(t.verdict());
            }
            case UNREADABLE -> {
                err.println("lockdoctor: " + found.message() + " Nothing printed.");
                return ExitCodes.ERROR;
            }
            case SEVERAL_LOCKS -> {
                err.println("lockdoctor: " + found.message() + " HAPI's CLEAR_LOCK_TABLE_WITH_DESCRIPTION cannot help "
                        + "here: it fails with HAPI-2152 while another lock row exists. Nothing printed; find which "
                        + "process took each lock, then remove the stale ones with lockdoctor clear.");
                return t.verdict() == Verdict.ACTIVE ? ExitCodes.ACTIVE : ExitCodes.UNCERTAIN;
            }
            case REFUSED_ACTIVE -> {
                if (found.kind() == LockTarget.Kind.UNREADABLE) {
                    err.println("lockdoctor: refused: " + found.message() + " Nothing printed.");
                    return ExitCodes.ACTIVE;
                }
                judged(t, err);
                err.println("lockdoctor: refused: a migration is active; never clear an active lock.");
                return ExitCodes.ACTIVE;
            }
            case REFUSED_UNCERTAIN -> {
                judged(t, err);
                AdviceText.settleBy(t.settleBy()).forEach(s -> err.println("lockdoctor: to settle it: " + s));
                err.println("lockdoctor: refused: staleness is not proven; repeat with --force once you have checked by "
                        + "other means that no migrator runs.");
                return ExitCodes.UNCERTAIN;
            }
            case NOT_JUDGED, RELEASED -> {
                judged(t, err);
                err.println("lockdoctor: the lock is " + t.verdict() + " now; nothing printed.");
                return ExitCodes.forVerdict(t.verdict());
            }
            case PROCEED -> judged(t, err);
        }
        return print(t.lock().uuid().orElseThrow(() -> new InvalidInputException("the lock's description '"
                + t.lock().description() + "' is not a canonical UUID; HAPI would put it into SQL unescaped, so "
                + "lockdoctor will not print it: use lockdoctor clear")), out, err);
    }

    private static void judged(TableReport t, PrintWriter err) {
        err.println("lockdoctor: " + t.table() + " lock " + t.lock().description() + ": " + t.verdict() + ". "
                + t.reason());
    }

    private int print(String lock, PrintWriter out, PrintWriter err) {
        // One println per line: a line printed is one line (k8s's snippet has two).
        style.render(lock).lines().forEach(out::println);
        out.flush();
        err.println("lockdoctor: " + ADVICE);
        err.flush();
        return ExitCodes.OK;
    }
}
