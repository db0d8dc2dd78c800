package io.lockdoctor.cli;

/** The executable entry point; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LockDoctorCli cli = LockDoctorCli.standard();
        // What prints on the standard streams directly (drivers' loggers) is masked and escaped too.
        System.setOut(TerminalOutput.guard(System.out, cli.secrets()));
        System.setErr(TerminalOutput.guard(System.err, cli.secrets()));
        System.exit(cli.execute(args));
    }
}
