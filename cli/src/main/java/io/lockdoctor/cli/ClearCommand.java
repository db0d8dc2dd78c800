package io.lockdoctor.cli;

import io.lockdoctor.cli.options.CliTerms;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.render.ClearText;
import io.lockdoctor.cli.render.TerminalText;
import io.lockdoctor.core.ClearAudit;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.Confirmation;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.doctor.ScanLogFacts;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockUuid;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.spi.PoolerAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockdoctor clear}: delete exactly one stale lock row, audited and reversible. */
@Command(name = "clear",
        description = "Delete exactly one lock row after proving it stale: the verdict is gathered first (an ACTIVE "
                + "lock is never cleared, an UNCERTAIN one only with --force), an audit line is written before and "
                + "after, and the delete runs in one short transaction that re-reads the row under a row lock and "
                + "must remove exactly that row. The INSERT that restores it is printed.",
        footer = {"",
            "Examples:",
            "  lockdoctor clear --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env PGPASSWORD --table FLY_HFJ_MIGRATION \\",
            "      --uuid cc38089f-d3ab-4ac6-a65f-dcc0727cee10 --dry-run",
            "  lockdoctor clear ... --table FLY_HFJ_MIGRATION --log log/smile.log --yes \\",
            "      --audit-file /var/log/lockdoctor.audit",
            "",
            "Without --yes or --dry-run it asks on a terminal, and refuses (exit 2) when",
            "there is none.",
            "Exit codes: 0 deleted (or would be, with --dry-run), 1 error,",
            "            2 usage or not confirmed, 4 migration active,",
            "            5 uncertain (use --force after checking), 6 no such lock;",
            "            when the lock is gone but another is there: that lock's code;",
            "            1 when the table could not be read (a missing privilege or",
            "            column), 4 when another session holds it locked: a lock that",
            "            could not be read is never reported as gone."})
public final class ClearCommand extends InspectingCommand {
    @Option(names = "--table", required = true, paramLabel = "TABLE",
            description = "The history table holding the lock: ${COMPLETION-CANDIDATES}.")
    private KnownTable table;

    @Option(names = "--uuid", paramLabel = "UUID", description = "The lock's description (a canonical UUID).")
    private String uuid;

    @Option(names = "--description", paramLabel = "TEXT",
            description = "For a lock row HAPI did not write (Flyway's own flyway-lock row, a row edited by hand): "
                    + "its description exactly as stored. Such a row is never exported; it is judged and deleted "
                    + "like any other, matched exactly and bound as a value.")
    private String description;

    @Option(names = "--dry-run", description = "Show the verdict, the DELETE and the restore INSERT; change nothing.")
    private boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Option(names = "--force", description = "Clear an UNCERTAIN lock (never an ACTIVE one); recorded in the audit.")
    private boolean force;

    /** The report shown before the confirmation question, null when none was asked. */
    private TableReport shown;

    @Option(names = "--audit-file", paramLabel = "FILE",
            description = "Append-only audit file, created mode 0600. Default: ./lockdoctor-audit.log")
    private Path auditFile;

    /** A description that is not HAPI's: exact text, bounded like the column, and not a UUID (use --uuid). */
    private static String lockOfUnknownOrigin(String text) {
        if (text.isEmpty() || text.length() > 200) {
            throw new InvalidInputException("--description must be 1 to 200 characters, as the description column holds");
        }
        if (LockUuid.parse(text).isPresent()) {
            throw new InvalidInputException("--description " + text + " is a UUID: give it with --uuid");
        }
        return text;
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        if (dryRun && yes) {
            throw new InvalidInputException("give --dry-run or --yes, not both");
        }
        if (!dryRun && !yes && !context().interactive()) {
            throw new InvalidInputException("clear asks for confirmation on a terminal and there is none: pass --yes "
                    + "to delete without asking, or --dry-run to see what would happen");
        }
        if (uuid == null && description == null && evidence().logs().isEmpty()) {
            throw new InvalidInputException("say which lock to clear: --uuid UUID, or --log FILE with the HAPI-2153 "
                    + "message (or --description TEXT for a lock row that is not a UUID)");
        }
        if (description != null && (uuid != null || !evidence().logs().isEmpty())) {
            throw new InvalidInputException("give --description alone, without --uuid or --log");
        }
        String lock = uuid != null ? LockUuid.require(uuid) : description != null ? lockOfUnknownOrigin(description) : null;
        ConnectionSpec target = connection().resolve(context(), secrets());

        LogFacts facts = LogFacts.NONE;
        if (!evidence().logs().isEmpty()) {
            ScanResult scan = LogScans.scanEvidence(evidence().logs(), evidence().logZone(), context(), err);
            facts = new ScanLogFacts(scan, CliTerms.OPTIONS);
            if (lock == null) {
                lock = LogUuid.from(scan, table).orElse(null);
                if (lock == null) {
                    err.println("lockdoctor: the logs hold no HAPI-2153 message for " + table + ": nothing to clear");
                    return ExitCodes.NOTHING_FOUND;
                }
                err.println("lockdoctor: the logs name the lock " + lock + " in " + table);
            }
        }
        InspectionOptions options = new InspectionOptions(target.schema(), Set.of(table), evidence().writerZone(),
                evidence().observeOptions(), facts);
        ClearRequest request = new ClearRequest(table, lock, force, dryRun, options);
        Path audit = context().workingDirectory().resolve(auditFile != null ? auditFile
                : Path.of("lockdoctor-audit.log"));
        PoolerAccess pooler = evidence().pooler().access(target.user(), target.password(), context()::env);
        secrets().add(pooler.password());
        WindowNotice.beforeClearing(secrets().mask(target.displayUrl()), evidence().observeOptions().observe(), err);
        try (OpenDatabase database = OpenDatabase.open(target, context().dialects(), pooler)) {
            ClearOutcome outcome = database.doctor().clear(request, new ClearAudit(audit, "--audit-file",
                    System.getProperty("user.name"), hostName(), target.displayUrl()),
                    context().clock(), yes ? Confirmation.YES : this::ask);
            print(outcome, out, audit);
            return exitCode(outcome);
        }
    }

    /** Everything first (verdict, evidence, the DELETE, the restore INSERT), then the question. */
    private boolean ask(Confirmation.Proposal proposal) {
        PrintWriter out = out();
        ClearText.plan(proposal.report(), proposal.deleteStatement(), proposal.restoreStatement(), out);
        out.flush();
        shown = proposal.report();
        PrintWriter err = err();
        err.print(TerminalText.escape(proposal.question()));
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(context().stdin(), StandardCharsets.UTF_8))
                    .readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    private void print(ClearOutcome outcome, PrintWriter out, Path audit) {
        // After a confirmation the plan is on the screen already; only the outcome follows it, unless
        // the fresh look after the answer came to another verdict, which the operator must see.
        TableReport now = outcome.report();
        if (shown == null || now != null && (now.verdict() != shown.verdict() || !now.reason().equals(shown.reason()))) {
            ClearText.plan(outcome.report(), outcome.deleteStatement(), outcome.restoreStatement(), out);
        }
        ClearText.outcome(outcome, audit, out);
        out.flush();
    }

    static int exitCode(ClearOutcome outcome) {
        return switch (outcome.result()) {
            case DELETED, DRY_RUN -> ExitCodes.OK;
            case REFUSED_ACTIVE -> ExitCodes.ACTIVE;
            case REFUSED_UNCERTAIN -> ExitCodes.UNCERTAIN;
            case DECLINED -> ExitCodes.USAGE;
            case OTHER_LOCK -> ExitCodes.forVerdict(outcome.verdict());
            case NOT_FOUND -> ExitCodes.NOTHING_FOUND;
            case UNREADABLE, FAILED -> ExitCodes.ERROR;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
