package io.lockdoctor.cli;

import io.lockdoctor.cli.options.CliTerms;
import io.lockdoctor.cli.options.ConnectionOptions;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.TableOptions;
import io.lockdoctor.cli.render.HistoryOutput;
import io.lockdoctor.core.HistoryQuery;
import io.lockdoctor.core.TableSearch;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lockdoctor history}: the rows of the history tables, lock row included. */
@Command(name = "history",
        description = "Print the rows of the migration history tables in installed_rank order, the lock row "
                + "(installed_rank -100) and the table-created row (-1) included.",
        footer = {"",
            "Examples:",
            "  lockdoctor history --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env PGPASSWORD --limit 20",
            "  lockdoctor history --table FLY_HFJ_MIGRATION --failed --format csv \\",
            "      > failed.csv",
            "",
            "Exit codes: 0 printed, 1 error, 2 usage, 6 no history table found."})
public final class HistoryCommand extends Subcommand {
    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private TableOptions tables;

    @Option(names = "--failed", description = "Only rows with success = false.")
    private boolean failed;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Only the N most recent rows per table (by installed_rank); 0 for all. Default: ${DEFAULT-VALUE}.")
    private int limit;

    /** What history prints: csv too, as only history prints rows. */
    enum Format {
        text, json, csv
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or csv. Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Override
    public Integer call() {
        HistoryQuery query = new HistoryQuery(limit, failed);
        PrintWriter err = err();
        List<ConnectionSpec> targets = connection.resolveAll(context(), secrets(), err);
        PrintWriter out = out();
        HistoryOutput output = switch (format) {
            case text -> HistoryOutput.text(out);
            case json -> HistoryOutput.json(out);
            case csv -> HistoryOutput.csv(out);
        };
        boolean anyTable = false;
        boolean broken = false;
        List<String> searched = new ArrayList<>();
        for (ConnectionSpec target : targets) {
            output.module(target.module());
            String prefix = target.module() == null ? "" : "[" + target.module() + "] ";
            try (OpenDatabase database = OpenDatabase.open(target, context().dialects())) {
                TableSearch search = database.doctor().history(target.schema(), tables.tables(), query, output);
                anyTable |= !search.tables().isEmpty() || !search.unusable().isEmpty();
                search.unusable().forEach(u -> err.println("lockdoctor: " + prefix + u.problem()));
                broken |= !search.unusable().isEmpty();
                searched.add(prefix + (search.schemasSearched().isEmpty() ? "(none visible)"
                        : String.join(", ", search.schemasSearched())));
            } catch (LockDoctorException e) {
                if (targets.size() == 1) {
                    throw e;
                }
                // One database failing must not hide the others' history.
                err.println("lockdoctor: " + prefix + secrets().mask(e instanceof InvalidInputException input
                        ? input.describe(CliTerms.OPTIONS) : e.getMessage()));
                broken = true;
            }
        }
        output.finish();
        if (broken) {
            return ExitCodes.ERROR;
        }
        if (!anyTable) {
            err.println("lockdoctor: no history table (" + tables.tables() + ") in the schemas searched: "
                    + String.join("; ", searched));
            return ExitCodes.NOTHING_FOUND;
        }
        return ExitCodes.OK;
    }
}
