package io.lockdoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code lockdoctor}: the parent of every command; holds what they share for one run. Its commands are
 * added by {@link LockDoctorCli}.
 */
@Command(name = "lockdoctor",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = {
            "Inspects the migration history and lock rows that HAPI FHIR's migration tool (and Smile CDR) keeps in "
                    + "FLY_HFJ_MIGRATION and FLY_CDR_MIGRATION, tells whether a lock is stale, and clears it safely.",
            ""},
        footer = {
            "",
            "Exit codes: 0 no lock / done, 1 error, 2 usage or invalid input,",
            "            3 stale lock found, 4 migration active, 5 staleness uncertain,",
            "            6 nothing found.",
            "Connection defaults come from LOCKDOCTOR_URL, LOCKDOCTOR_USER and",
            "LOCKDOCTOR_PASSWORD.",
            "Shell completion: source <(lockdoctor generate-completion)",
            "Start with: lockdoctor demo"})
public final class LockDoctorCommand implements Callable<Integer> {
    private final CliContext context;
    private final SecretMask secrets;

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean verbose;

    public LockDoctorCommand(CliContext context, SecretMask secrets) {
        this.context = context;
        this.secrets = secrets;
    }

    public CliContext context() {
        return context;
    }

    public SecretMask secrets() {
        return secrets;
    }

    /** Without a command: a usage error like any other (the usage line and where the help is), exit 2. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
