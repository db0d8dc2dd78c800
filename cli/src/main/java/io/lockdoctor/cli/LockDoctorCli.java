package io.lockdoctor.cli;

import io.lockdoctor.core.support.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
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

    /** The commands, in the order help lists them. */
    private static final List<Map.Entry<String, Supplier<Object>>> COMMANDS = List.of(
            Map.entry("status", StatusCommand::new),
            Map.entry("history", HistoryCommand::new),
            Map.entry("scan-log", ScanLogCommand::new),
            Map.entry("doctor", DoctorCommand::new),
            Map.entry("clear", ClearCommand::new),
            Map.entry("export", ExportCommand::new),
            Map.entry("demo", DemoCommand::new),
            Map.entry("help", CommandLine.HelpCommand::new),
            Map.entry("generate-completion", AutoComplete.GenerateCompletion::new));

    /** The whole command tree. */
    public CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The tree for one run: only the command {@code args} name when they name one (picocli reads every
     * command's annotations when it is added, a large part of start-up), every command otherwise (help,
     * completion, usage errors).
     */
    CommandLine commandLine(String[] args) {
        String named = args == null ? null : commandNamed(args);
        LockDoctorCommand root = new LockDoctorCommand(context);
        CommandLine cli = new CommandLine(root);
        for (Map.Entry<String, Supplier<Object>> command : COMMANDS) {
            if (named == null || named.equals(command.getKey())) {
                cli.addSubcommand(command.getKey(), command.getValue().get());
            }
        }
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
        return commandLine(args).execute(args);
    }

    /** The command the first word that is not an option names, when it is a command that needs no other. */
    private static String commandNamed(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.stream().map(Map.Entry::getKey)
                        .filter(name -> name.equals(arg) && !name.equals("help") && !name.equals("generate-completion"))
                        .findFirst().orElse(null);
            }
        }
        return null;
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
