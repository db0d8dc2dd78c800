package io.lockdoctor.cli;

import io.lockdoctor.core.support.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Builds the picocli command tree around one {@link CliContext} and runs it. Exceptions become
 * one masked paragraph on stderr (a stack trace only with {@code --verbose}) and an exit code
 * from {@link ExitCodes}.
 */
public final class LockDoctorCli {
    private final CliContext context;

    public LockDoctorCli(CliContext context) {
        this.context = context;
    }

    public static LockDoctorCli standard() {
        return new LockDoctorCli(CliContext.system());
    }

    public CommandLine commandLine() {
        LockDoctorCommand root = new LockDoctorCommand(context);
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            err.println("lockdoctor: " + root.secrets().mask(message));
            if (verbose(parseResult)) {
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                err.print(root.secrets().mask(trace.toString()));
            }
            err.flush();
            return new ExitCodes().getExitCode(failure);
        });
        return cli;
    }

    public int execute(String... args) {
        return commandLine().execute(args);
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Secrets learnt during one run (passwords read from files or variables), masked in every message. */
    public static final class SecretMask {
        private final java.util.Set<String> secrets = new java.util.concurrent.CopyOnWriteArraySet<>();

        public void add(String secret) {
            if (secret != null && !secret.isEmpty()) {
                secrets.add(secret);
            }
        }

        public String mask(String text) {
            String masked = Secrets.mask(text);
            for (String secret : secrets) {
                masked = masked == null ? null : masked.replace(secret, Secrets.MASK);
            }
            return masked;
        }
    }
}
