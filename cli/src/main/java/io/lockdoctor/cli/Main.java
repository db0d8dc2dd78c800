package io.lockdoctor.cli;

/** The executable entry point; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LockDoctorCli.standard().execute(args));
    }
}
