package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionOptions;
import java.text.NumberFormat;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Work a database command needs anyway, started on a second thread while the main thread builds
 * picocli's model (one core is idle during start-up): the dialects' discovery, the loading of the
 * JDBC driver the URL names, and the JDK's locale data that drivers read when they connect. It
 * changes nothing a command sees: the command takes the dialects once they are discovered
 * ({@link DialectDiscovery}) and loads its driver as before, finding it loaded; a failure here is
 * left for the command to meet and report. Nothing starts for a command that needs no database, nor
 * for help or the version.
 */
final class StartupWarmUp {
    private static final Set<String> DATABASE_COMMANDS = Set.of("status", "history", "doctor", "clear", "export",
            "wait");
    private static final List<String> NO_COMMAND_RUN = List.of("--help", "-h", "--version", "-V");

    private StartupWarmUp() {
    }

    static void start(String[] args, Map<String, String> environment, DialectDiscovery dialects) {
        if (!wanted(args, environment)) {
            return;
        }
        Optional<String> driver = driverClass(args, environment);
        Thread warmUp = new Thread(() -> warm(driver, dialects), "lockdoctor-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** A command that connects, to a database the arguments or the environment name. */
    static boolean wanted(String[] args, Map<String, String> environment) {
        return namesDatabaseCommand(args) && (jdbcUrl(args, environment).isPresent() || givesSmileConfig(args));
    }

    /** The bundled driver the database's URL names, if any. */
    static Optional<String> driverClass(String[] args, Map<String, String> environment) {
        return jdbcUrl(args, environment).flatMap(DriverDataSource::bundledDriverClass);
    }

    /** In the order the command needs them. */
    private static void warm(Optional<String> driver, DialectDiscovery dialects) {
        dialects.warm();
        try {
            if (driver.isPresent()) {
                Class.forName(driver.get());
            }
        } catch (ReflectiveOperationException | LinkageError ignored) {
            // The command loads it again and says what is wrong.
        }
        // The JDK's locale data behind calendars and number formats, loaded once per JVM (about 60 ms
        // here): pgjdbc reads it while it connects (a calendar per connection, a number format for the
        // server's version), on the command's critical path.
        new GregorianCalendar();
        NumberFormat.getIntegerInstance();
    }

    /** The first word that is not an option is a command that connects, and no help is asked for. */
    private static boolean namesDatabaseCommand(String[] args) {
        String command = null;
        for (String arg : args) {
            if (NO_COMMAND_RUN.contains(arg)) {
                return false;
            }
            if (command == null && !arg.startsWith("-")) {
                command = arg;
            }
        }
        return command != null && DATABASE_COMMANDS.contains(command);
    }

    /** A JDBC URL among the arguments ({@code --url URL} or {@code --url=URL}), else the environment's. */
    private static Optional<String> jdbcUrl(String[] args, Map<String, String> environment) {
        for (String arg : args) {
            String value = arg.startsWith("--url=") ? arg.substring("--url=".length()) : arg;
            if (isJdbcUrl(value)) {
                return Optional.of(value);
            }
        }
        return Optional.ofNullable(environment.get(ConnectionOptions.ENV_URL)).filter(StartupWarmUp::isJdbcUrl);
    }

    private static boolean isJdbcUrl(String value) {
        return value.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    private static boolean givesSmileConfig(String[] args) {
        for (String arg : args) {
            if (arg.equals("--smile-config") || arg.startsWith("--smile-config=")) {
                return true;
            }
        }
        return false;
    }
}
