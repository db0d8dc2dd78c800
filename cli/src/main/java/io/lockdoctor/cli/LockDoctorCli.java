package io.lockdoctor.cli;

import io.lockdoctor.cli.options.CliTerms;
import io.lockdoctor.core.model.InvalidInputException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Builds the picocli command tree around one {@link CliContext} and runs it. Everything printed
 * goes through {@link TerminalOutput} with the run's {@link SecretMask}, which learns the secrets
 * of the command line before it is parsed. Exceptions become one paragraph on stderr (a stack
 * trace only with {@code --verbose}) and an exit code from {@link ExitCodes}; usage errors print
 * the error, the command's usage line and where the help is, not the whole help.
 */
public final class LockDoctorCli {
    private final CliContext context;
    private final SecretMask secrets = new SecretMask();

    public LockDoctorCli(CliContext context) {
        this.context = context;
        secrets.addFromEnvironment(context.environment());
    }

    /** The secrets this run knows; shared by every command line it builds. */
    public SecretMask secrets() {
        return secrets;
    }

    /** The commands, in the order help lists them. */
    private static final List<String> COMMANDS = List.of("status", "history", "scan-log", "doctor", "clear", "export",
            "wait", "demo", "help", "generate-completion");

    /**
     * A new instance of the command {@code name}. A switch rather than a table of constructor
     * references: each reference is a call site the JVM links at the first run, on every start.
     */
    private static Object newCommand(String name) {
        return switch (name) {
            case "status" -> new StatusCommand();
            case "history" -> new HistoryCommand();
            case "scan-log" -> new ScanLogCommand();
            case "doctor" -> new DoctorCommand();
            case "clear" -> new ClearCommand();
            case "export" -> new ExportCommand();
            case "wait" -> new WaitCommand();
            case "demo" -> new DemoCommand();
            case "help" -> new CommandLine.HelpCommand();
            case "generate-completion" -> new AutoComplete.GenerateCompletion();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

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
        LockDoctorCommand root = new LockDoctorCommand(context, secrets);
        CommandLine cli = new CommandLine(root);
        for (String command : COMMANDS) {
            if (named == null || named.equals(command)) {
                cli.addSubcommand(command, newCommand(command));
            }
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        cli.setParameterExceptionHandler(this::usageError);
        cli.setExecutionStrategy(this::executeGuarded);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            PrintWriter err = guard(commandLine.getErr());
            String message = failure instanceof InvalidInputException input ? input.describe(CliTerms.OPTIONS)
                    : failure.getMessage() == null ? failure.toString() : failure.getMessage();
            err.println("lockdoctor: " + message);
            if (failure instanceof InvalidInputException) {
                err.println(helpHint(commandLine));
            }
            if (verbose(parseResult)) {
                printTrace(failure, err);
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
                boolean alone = COMMANDS.contains(arg) && !arg.equals("help") && !arg.equals("generate-completion");
                return alone ? arg : null;
            }
        }
        return null;
    }

    /** Runs the command with every writer of the tree guarded, then gives the tree its own writers back. */
    private int executeGuarded(CommandLine.ParseResult parseResult) {
        secrets.addFromArguments(parseResult.originalArgs().toArray(String[]::new));
        CommandLine top = parseResult.commandSpec().commandLine();
        PrintWriter out = top.getOut();
        PrintWriter err = top.getErr();
        top.setOut(guard(out));
        top.setErr(guard(err));
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } finally {
            top.getOut().flush();
            top.getErr().flush();
            top.setOut(out);
            top.setErr(err);
        }
    }

    /** The error, the command's usage line, what picocli suggests, and where the whole help is. */
    private int usageError(CommandLine.ParameterException failure, String[] args) {
        secrets.addFromArguments(args);
        CommandLine command = failure.getCommandLine();
        PrintWriter err = guard(command.getErr());
        err.println("lockdoctor: " + failure.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
        CommandLine.Help help = command.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println(helpHint(command));
        err.flush();
        return command.getExitCodeExceptionMapper() != null
                ? command.getExitCodeExceptionMapper().getExitCode(failure)
                : command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String helpHint(CommandLine command) {
        return "Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples.";
    }

    /**
     * The stack trace a line at a time, each through {@code println}: a message holding a line
     * break (a driver quoting data) cannot start a line of its own.
     */
    private static void printTrace(Throwable failure, PrintWriter err) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            err.println((t == failure ? "" : "Caused by: ") + t);
            for (StackTraceElement frame : t.getStackTrace()) {
                err.println("    at " + frame);
            }
        }
    }

    private PrintWriter guard(PrintWriter writer) {
        return TerminalOutput.guard(writer, secrets);
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
