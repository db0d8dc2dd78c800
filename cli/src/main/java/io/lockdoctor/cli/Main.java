package io.lockdoctor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The executable entry point; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    /**
     * picocli's built-in converters for java.sql and java.time types, which no option of lockdoctor
     * uses (its durations and zones have converters of their own): picocli registers each by
     * reflection for every command line it builds, about 10 ms of every start.
     */
    static final String UNUSED_CONVERTERS = "java\\.sql\\..*,java\\.time\\..*";

    public static void main(String[] args) {
        System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        DialectDiscovery dialects = new DialectDiscovery();
        CliContext context = CliContext.system(dialects);
        LockDoctorCli cli = new LockDoctorCli(context);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        // What prints on the standard streams directly (drivers' loggers) is masked and escaped too; the
        // commands' own writers are guarded by LockDoctorCli, on the original streams, so once only.
        System.setOut(TerminalOutput.guard(stdout, cli.secrets()));
        System.setErr(TerminalOutput.guard(stderr, cli.secrets()));
        // On the other core while this one builds picocli's model; after the guards, as a driver may print.
        StartupWarmUp.start(args, context.environment(), dialects);
        // The tree for this run only: picocli reads the annotations of every command it is given.
        CommandLine commandLine = cli.commandLine(args);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        System.exit(commandLine.execute(args));
    }
}
