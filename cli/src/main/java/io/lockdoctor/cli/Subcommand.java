package io.lockdoctor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command under {@code lockdoctor}: the run it belongs to (context, secrets) and the writers picocli
 * gives it, guarded by {@link LockDoctorCli}. picocli injects the annotated fields of superclasses too.
 */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    private LockDoctorCommand root;

    @Spec
    private CommandSpec spec;

    final LockDoctorCommand root() {
        return root;
    }

    final CliContext context() {
        return root.context();
    }

    final SecretMask secrets() {
        return root.secrets();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
