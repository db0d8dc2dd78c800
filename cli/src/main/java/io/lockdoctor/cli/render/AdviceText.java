package io.lockdoctor.cli.render;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.doctor.Diagnosis;
import io.lockdoctor.core.doctor.NextStep;
import io.lockdoctor.core.export.ExportStyle;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.support.Durations;
import java.util.List;
import java.util.function.Function;

/** The library's advice and next steps in the command line's words: its commands and options. */
public final class AdviceText {
    private AdviceText() {
    }

    /** What would settle an UNCERTAIN verdict, as one clause (no final period). */
    public static String settleBy(Advice advice) {
        if (advice instanceof Advice.InWords words) {
            return words.text();
        }
        if (advice instanceof Advice.CheckByHand check) {
            return "check on the database server by hand that no session is migrating"
                    + (check.thenForce() ? ", then use --force" : "");
        }
        if (advice instanceof Advice.ObserveLonger longer) {
            return "run again with --observe " + Durations.format(longer.atLeast())
                    + " or longer";
        }
        if (advice instanceof Advice.LetWindowFinish) {
            return "run again and let the observe window run to its end";
        }
        if (advice instanceof Advice.ReadPoolerClients) {
            return "give the pooler's admin address with --pooler-admin HOST:PORT so "
                    + "that its client list is read too, or inspect through the pooler's address";
        }
        if (advice instanceof Advice.EndOrExcludeClients clients) {
            return "find out what each connected session is; stop its server or "
                    + "end it (" + String.join(" ", clients.terminateCommands()) + (clients.more() ? " ..." : "")
                    + "), or, for a client you know is no migrator (a monitoring agent), exclude it with "
                    + "--exclude-client user=U,application=A,host=H; then run again";
        }
        if (advice instanceof Advice.StopServers stop) {
            return "stop the Smile CDR / HAPI FHIR servers using this database, or wait for "
                    + "their " + (stop.writesOnly() ? "writes" : "work") + " to end, and run again";
        }
        if (advice instanceof Advice.WaitUntil wait) {
            return "wait until " + wait.when() + " and run again";
        }
        if (advice instanceof Advice.GiveLog) {
            return "give the server log with --log: its 'Migration Lock Row added' line dates the "
                    + "lock exactly";
        }
        if (advice instanceof Advice.GiveWriterZone) {
            return "give --writer-zone with the time zone of the HAPI FHIR / Smile CDR JVMs";
        }
        if (advice instanceof Advice.DropMinimumAge) {
            return "use --min-age 0s if you know that no migrator has run since the lock "
                    + "was taken";
        }
        if (advice instanceof Advice.SortOutSeveralLocks) {
            return "find which process took each lock (the logs' 'Migration Lock "
                    + "Row added' lines), then clear the stale ones with --force and restore the unique index on "
                    + "installed_rank";
        }
        throw new IllegalArgumentException("no words for " + advice);
    }

    /** Every clause of {@code advice}. */
    public static List<String> settleBy(List<Advice> advice) {
        return advice.stream().map(AdviceText::settleBy).toList();
    }

    /**
     * The diagnosis's next steps as sentences, each command written with {@code connection}'s options
     * for its database (e.g. {@code --url ... --user ...}); a step repeated word for word is kept once.
     */
    public static List<String> nextSteps(Diagnosis diagnosis, Function<DatabaseReport, String> connection) {
        return diagnosis.nextSteps().stream()
                .map(step -> scope(step) + sentence(step.action(),
                        step.database() == null ? "" : connection.apply(step.database())))
                .distinct()
                .toList();
    }

    private static String scope(NextStep step) {
        DatabaseReport database = step.database();
        return step.scoped() && database != null
                ? "[" + (database.module() == null ? database.url() : database.module()) + "] " : "";
    }

    private static String sentence(NextStep.Action action, String connection) {
        if (action instanceof NextStep.ClearEachLock each) {
            return each.table() + " holds " + each.lockRows() + " lock rows and the verdict "
                    + "judged " + each.judged() + " only; HAPI's CLEAR_LOCK_TABLE_WITH_DESCRIPTION fails (HAPI-2152) "
                    + "while another lock row exists. Find which process took each (the logs' 'Migration Lock Row "
                    + "added' lines), remove the stale ones with lockdoctor clear " + connection + " --table "
                    + each.table() + " --uuid <each> --force --dry-run, then restore the unique index on installed_rank.";
        }
        if (action instanceof NextStep.ClearByDescription row) {
            return "This lock row was not written by HAPI (its description '"
                    + row.description() + "' is not a UUID): do not pass it to CLEAR_LOCK_TABLE_WITH_DESCRIPTION, which "
                    + "HAPI puts into its SQL unquoted. Delete exactly that row, audited: lockdoctor clear " + connection
                    + " --table " + row.table() + " --description '" + row.description().replace("'", "'\\''")
                    + "' --dry-run   (then the same with --yes)";
        }
        if (action instanceof NextStep.ClearForWaitingNode waiting) {
            return "A server node is waiting for this lock right now ("
                    + waiting.waiter() + "): delete the row and that node takes the lock and migrates at once, with "
                    + "no variable to set: lockdoctor clear " + connection + " --table " + waiting.table() + " --uuid "
                    + waiting.uuid() + " --yes   (--dry-run first to see the exact statements)";
        }
        if (action instanceof NextStep.StartOneNodeWithVariable start) {
            return "Start ONE server node once with the lock cleared by HAPI "
                    + "itself, e.g. in its shell:  " + ExportStyle.SHELL.render(start.uuid());
        }
        if (action instanceof NextStep.RemoveVariableAfterStart) {
            return "After that node started successfully, remove "
                    + "CLEAR_LOCK_TABLE_WITH_DESCRIPTION again; never put it on every replica (a node carrying it fails "
                    + "at once whenever another node holds a live lock, and the value applies to every database the "
                    + "node migrates).";
        }
        if (action instanceof NextStep.ClearYourself clear) {
            return "Or instead delete exactly that row yourself, audited, with the restore "
                    + "statement printed: lockdoctor clear " + connection + " --table " + clear.table() + " --uuid "
                    + clear.uuid() + " --dry-run   (then the same with --yes instead of --dry-run)";
        }
        if (action instanceof NextStep.FollowMigration follow) {
            return "Wait for the migration on " + follow.table() + " to finish; follow "
                    + "it with:  lockdoctor status " + connection + " --table " + follow.table();
        }
        if (action instanceof NextStep.Settle settle) {
            return capitalize(settleBy(settle.advice())) + ".";
        }
        if (action instanceof NextStep.FixUnreadableTable fix) {
            return "Fix what kept " + fix.table() + (fix.schema() == null ? ""
                    : " in " + fix.schema()) + " from being read (" + fix.why() + ") and run lockdoctor doctor again: "
                    + "until then, whether it holds a lock is unknown.";
        }
        if (action instanceof NextStep.FixConnection) {
            return "Fix the connection problem above and run lockdoctor doctor again.";
        }
        if (action instanceof NextStep.PointAtDatabase point) {
            return point.module() == null
                    ? "Point --url (and --schema) at the database the failing module uses; with Smile CDR, that is "
                            + "the module's db.url in cdr-config-Master.properties."
                    : "Check module." + point.module() + ".config.db.url in the Smile CDR configuration (and "
                            + "--schema): it names no database holding a history table.";
        }
        if (action instanceof NextStep.StartServerAgain) {
            return "Start the server again; if it still fails, its log says why (look "
                    + "for HAPI- error codes).";
        }
        throw new IllegalArgumentException("no words for " + action);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
