package io.lockdoctor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The executable entry point; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
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
