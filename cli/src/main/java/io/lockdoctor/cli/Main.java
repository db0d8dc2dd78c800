package io.lockdoctor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The executable entry point; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LockDoctorCli cli = LockDoctorCli.standard();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        // What prints on the standard streams directly (drivers' loggers) is masked and escaped too; the
        // commands' own writers are guarded by LockDoctorCli, on the original streams, so once only.
        System.setOut(TerminalOutput.guard(stdout, cli.secrets()));
        System.setErr(TerminalOutput.guard(stderr, cli.secrets()));
        // The tree for this run only: picocli reads the annotations of every command it is given.
        CommandLine commandLine = cli.commandLine(args);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        System.exit(commandLine.execute(args));
    }
}
