package io.lockdoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.AutoComplete;
import picocli.CommandLine;

/** {@code lockdoctor}: the parent of every command; holds what they share for one run. */
@Command(name = "lockdoctor",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        subcommands = {StatusCommand.class, HistoryCommand.class, ScanLogCommand.class, DoctorCommand.class,
            ClearCommand.class, ExportCommand.class, WaitCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        description = {
            "Inspects the migration history and lock rows that HAPI FHIR's migration tool (and Smile CDR) keeps in "
                    + "FLY_HFJ_MIGRATION and FLY_CDR_MIGRATION, tells whether a lock is stale, and clears it safely.",
            ""},
        footer = {
            "",
            "Exit codes: 0 no lock / done, 1 error, 2 usage or invalid input, 3 stale lock found,",
            "            4 migration active, 5 staleness uncertain, 6 nothing found.",
            "Connection defaults come from LOCKDOCTOR_URL, LOCKDOCTOR_USER and LOCKDOCTOR_PASSWORD.",
            "Shell completion: source <(lockdoctor generate-completion)",
            "Start with: lockdoctor demo"})
public final class LockDoctorCommand implements Callable<Integer> {
    private final CliContext context;
    private final LockDoctorCli.SecretMask secrets = new LockDoctorCli.SecretMask();

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean verbose;

    public LockDoctorCommand(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    public LockDoctorCli.SecretMask secrets() {
        return secrets;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
