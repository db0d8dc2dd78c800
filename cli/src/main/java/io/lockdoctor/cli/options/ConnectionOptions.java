package io.lockdoctor.cli.options;

import io.lockdoctor.cli.CliContext;
import io.lockdoctor.cli.SecretMask;
import io.lockdoctor.core.config.SmileConfig;
import io.lockdoctor.core.config.SmileConfigReader;
import io.lockdoctor.core.config.SmileDriver;
import io.lockdoctor.core.config.SmileModule;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.spi.ConnectionTerms;
import io.lockdoctor.core.spi.DialectRegistry;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code [conn]} of the README's usage. Passwords never come from the command line: from a variable named
 * with {@code --password-env}, a file, or {@code LOCKDOCTOR_PASSWORD}.
 */
public final class ConnectionOptions {
    /** The connection's settings as this command line names them, in error messages. */
    static final ConnectionTerms COMMAND_LINE = new ConnectionTerms("--url", "--user",
            "the password (--password-env, --password-file or LOCKDOCTOR_PASSWORD)", "--timeout",
            "--schema");

    public static final String ENV_URL = "LOCKDOCTOR_URL";
    public static final String ENV_USER = "LOCKDOCTOR_USER";
    public static final String ENV_PASSWORD = "LOCKDOCTOR_PASSWORD";
    /** Longer is a typo: no statement lockdoctor sends needs it, and some drivers take the bound as int milliseconds. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final SecretSource PASSWORD = new SecretSource("--password-env", "--password-file", ENV_PASSWORD);

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/cdr. Default: $" + ENV_URL + ".")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user. Default: $" + ENV_USER + ".")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the password. Default: $" + ENV_PASSWORD + ".")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "Search only this schema (MariaDB/MySQL: database). Default: every schema the account can see.")
    String schema;

    @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10s", converter = DurationConverter.class,
            description = "Bound on connecting, each statement and each lock wait (10s, 1m, PT30S). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--smile-config", paramLabel = "PATH",
            description = "A Smile CDR cdr-config-Master.properties, or the installation directory holding "
                    + "classes/cdr-config-Master.properties: every module database in it is inspected.")
    Path smileConfig;

    @Option(names = "--module", paramLabel = "ID",
            description = "With --smile-config: only this module's database (clustermgr, persistence, ...).")
    String module;

    @Option(names = "--show-sql",
            description = "Print every statement lockdoctor sends (SQL with its bound values, catalog calls, "
                    + "transaction boundaries) with its duration on stderr.")
    boolean showSql;

    /** The command this option set belongs to: --show-sql writes to its stderr. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Whether a database was named at all (--url, LOCKDOCTOR_URL or --smile-config): some commands work
     * without one. An empty value counts as given, so that it is refused rather than silently ignored.
     */
    public boolean given(CliContext context) {
        return url != null || smileConfig != null || context.environment().containsKey(ENV_URL);
    }

    /** Every database named: one for --url, each module's for --smile-config. Warnings go to {@code warn}. */
    public List<ConnectionSpec> resolveAll(CliContext context, SecretMask secrets,
            Consumer<String> warn) {
        if (smileConfig == null) {
            if (module != null) {
                throw new InvalidInputException("--module needs --smile-config");
            }
            return List.of(resolve(context, secrets));
        }
        if (url != null) {
            throw new InvalidInputException("give --url or --smile-config, not both");
        }
        SmileConfig config = new SmileConfigReader(context.environment())
                .read(context.workingDirectory().resolve(smileConfig));
        if (module != null) {
            config = config.only(module);
        }
        config.warnings().forEach(warn);
        List<ConnectionSpec> specs = new ArrayList<>();
        DialectRegistry dialects = context.dialects();
        for (SmileModule m : config.modules()) {
            secrets.add(m.password());
            secrets.addSecretsIn(m.url());
            SmileDriver.fromName(m.driver()).filter(d -> dialects.bySmileDriver(d.name()).isEmpty()).ifPresent(d -> {
                throw new InvalidInputException("module " + m.id() + " uses " + d + ", which lockdoctor does not "
                        + "support; leave it out with --module");
            });
            requireJdbcUrl(m.url(), "module." + m.id() + ".config.db.url");
            specs.add(new ConnectionSpec(m.url(), m.username(), m.password(), Optional.ofNullable(schema),
                    settings(secrets, m.id()).withTerms(COMMAND_LINE.forSmileModule(m.id())), m.id()));
        }
        return specs;
    }

    /** {@link #resolveAll(CliContext, SecretMask, Consumer)} with warnings on {@code err}. */
    public List<ConnectionSpec> resolveAll(CliContext context, SecretMask secrets, PrintWriter err) {
        return resolveAll(context, secrets, warning -> err.println("lockdoctor: " + warning));
    }

    /** The one database named; with --smile-config, --module is needed when the configuration names several. */
    public ConnectionSpec resolve(CliContext context, SecretMask secrets) {
        if (smileConfig != null) {
            List<ConnectionSpec> all = resolveAll(context, secrets, w -> { });
            if (all.size() > 1) {
                throw new InvalidInputException("the Smile CDR configuration names several databases ("
                        + String.join(", ", all.stream().map(ConnectionSpec::module).toList())
                        + "): choose one with --module");
            }
            return all.get(0);
        }
        String resolvedUrl = url != null ? url : context.env(ENV_URL).orElseThrow(() -> new InvalidInputException(
                (context.environment().containsKey(ENV_URL) ? ENV_URL + " is set but empty" : "no database given")
                        + ": pass --url JDBC_URL or set " + ENV_URL + " (try 'lockdoctor demo' for an example)"));
        requireJdbcUrl(resolvedUrl, url != null ? "--url" : ENV_URL);
        String resolvedUser = user != null ? user : context.env(ENV_USER).orElse(null);
        String password = PASSWORD.resolve(passwordEnv, passwordFile, context::env);
        secrets.add(password);
        return new ConnectionSpec(resolvedUrl, resolvedUser, password, Optional.ofNullable(schema),
                settings(secrets, null));
    }

    /** A URL that is empty or not a JDBC URL at all is invalid input, whatever a driver would say about it. */
    private static void requireJdbcUrl(String jdbcUrl, String source) {
        if (jdbcUrl.isBlank()) {
            throw new InvalidInputException(source + " is empty: give a JDBC URL, e.g. jdbc:postgresql://db:5432/cdr");
        }
        if (!jdbcUrl.strip().regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new InvalidInputException(source + " is not a JDBC URL (they start with jdbc:), e.g. "
                    + "jdbc:postgresql://db:5432/cdr or jdbc:h2:file:/opt/smilecdr/database/h2_persistence");
        }
    }

    private SessionSettings settings(SecretMask secrets, String moduleId) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidInputException("--timeout must be positive, got " + Durations.format(timeout));
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("--timeout " + Durations.format(timeout) + " is longer than the "
                    + Durations.format(MAX_TIMEOUT) + " lockdoctor allows: it bounds connecting, each statement and "
                    + "each lock wait, so that a runbook never hangs; a few seconds to a minute suits even a busy server");
        }
        SessionSettings settings = SessionSettings.withTimeout(timeout).withTerms(COMMAND_LINE);
        return showSql ? settings.withStatementLog(new SqlEcho(command.commandLine().getErr(), secrets, moduleId))
                : settings;
    }

    /**
     * The flags that reach the same database again, for commands lockdoctor prints: the URL with
     * secrets masked, single-quoted for a POSIX shell; the password's source, never the password.
     */
    public String asFlags(ConnectionSpec spec) {
        if (smileConfig != null) {
            return "--smile-config '" + smileConfig.toString().replace("'", "'\\''") + "' --module " + spec.module()
                    + spec.schema().map(s -> " --schema " + s).orElse("");
        }
        StringBuilder flags = new StringBuilder("--url '" + spec.displayUrl().replace("'", "'\\''") + "'");
        if (spec.user() != null) {
            flags.append(" --user ").append(spec.user());
        }
        if (passwordEnv != null) {
            flags.append(" --password-env ").append(passwordEnv);
        } else if (passwordFile != null) {
            flags.append(" --password-file '").append(passwordFile.toString().replace("'", "'\\''")).append('\'');
        }
        spec.schema().ifPresent(s -> flags.append(" --schema ").append(s));
        return flags.toString();
    }
}
