package io.lockdoctor.cli;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.InvalidInputException;
import java.util.Collection;
import picocli.CommandLine;

/** The exit codes the README lists (Exit codes), in one place. Runbooks and automated checks depend on them. */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int STALE = 3;
    public static final int ACTIVE = 4;
    public static final int UNCERTAIN = 5;
    public static final int NOTHING_FOUND = 6;

    public static int forVerdict(Verdict verdict) {
        return switch (verdict) {
            case NO_LOCK -> OK;
            case STALE -> STALE;
            case UNCERTAIN -> UNCERTAIN;
            case ACTIVE -> ACTIVE;
            case ERROR -> ERROR;
        };
    }

    /**
     * The code for a status run: the most severe verdict across databases, or 6 when no database
     * had an error and none of the tables exists in any schema searched.
     */
    public static int forReports(Collection<DatabaseReport> reports) {
        if (nothingFound(reports)) {
            return NOTHING_FOUND;
        }
        return forVerdict(Verdict.mostSevere(reports.stream().map(DatabaseReport::verdict).toList()));
    }

    /** Whether every database was inspected and none holds any of the tables in any schema searched. */
    public static boolean nothingFound(Collection<DatabaseReport> reports) {
        return !reports.isEmpty() && reports.stream().allMatch(DatabaseReport::noTablesFound);
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof InvalidInputException || exception instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return ERROR;
    }
}
