package io.lockdoctor.dialects.h2;

import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.core.support.Durations;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2 2.x, embedded or server, in any compatibility mode. H2 has no per-session application name:
 * its sessions are told apart by {@code SESSION_ID()}.
 */
public final class H2Dialect extends StandardDialect {
    /** H2's own defaults, restored on borrowed connections. */
    private static final long DEFAULT_LOCK_TIMEOUT_MILLIS = 10_000;

    /** A URL that already chooses, either way, whether a missing database is created. */
    private static final Pattern IFEXISTS_SETTING = Pattern.compile("(?i);\\s*IFEXISTS\\s*=");
    /** DATABASE_NOT_FOUND_1, DATABASE_NOT_FOUND_WITH_IF_EXISTS_1, REMOTE_DATABASE_NOT_FOUND_1. */
    private static final Set<Integer> DATABASE_NOT_FOUND = Set.of(90013, 90146, 90149);
    /** URL_RELATIVE_TO_CWD, URL_FORMAT_ERROR_2, DUPLICATE_PROPERTY_1, UNKNOWN_MODE_1, UNSUPPORTED_SETTING_1. */
    private static final Set<Integer> MALFORMED_URL = Set.of(90011, 90046, 90066, 90088, 90113);
    private static final Pattern NOT_FOUND_NAME = Pattern.compile("Database \"(.*?)\" not found");

    /** PostgreSQL compatibility mode adds PG_CATALOG (H2's emulated pg_* views) to every database. */
    private static final SystemSchemas SYSTEM_SCHEMAS = SystemSchemas.named("INFORMATION_SCHEMA", "PG_CATALOG");

    public H2Dialect() {
        super("h2", "H2", "jdbc:h2:", Set.of("H2_EMBEDDED"), SYSTEM_SCHEMAS, new H2SessionObserver());
    }

    /**
     * H2 creates any database it is asked to open, so a mistyped path would become a new empty
     * database that looks like one without history tables. lockdoctor only opens existing ones,
     * embedded or over TCP, unless the URL itself says {@code IFEXISTS}.
     */
    @Override
    public String connectionUrl(String jdbcUrl) {
        return IFEXISTS_SETTING.matcher(jdbcUrl).find() ? jdbcUrl : jdbcUrl + ";IFEXISTS=TRUE";
    }

    @Override
    public Optional<LockDoctorException> explainConnectFailure(SQLException failure, String displayUrl) {
        int code = failure.getErrorCode();
        if (MALFORMED_URL.contains(code)) {
            return Optional.of(new InvalidInputException(displayUrl + " is not an H2 URL lockdoctor can open: "
                    + driverWords(failure)));
        }
        if (!DATABASE_NOT_FOUND.contains(code)) {
            return Optional.empty();
        }
        Matcher name = NOT_FOUND_NAME.matcher(String.valueOf(failure.getMessage()));
        String database = name.find() ? name.group(1) : "the URL names";
        String never = ". lockdoctor opens only existing databases and never creates one: ";
        String why;
        if (displayUrl.toLowerCase(Locale.ROOT).matches("jdbc:h2:(tcp|ssl):.*")) {
            why = "the H2 server has no database " + database + never + "check the path after host:port in the URL "
                    + "(a path on the server's machine) against where the server keeps its database";
        } else if (database.startsWith("mem:")) {
            why = "no in-memory H2 database " + database + " is open in this process" + never + "an in-memory "
                    + "database lives only inside the JVM that made it: connect through that JVM's H2 TCP server";
        } else {
            why = "no H2 database exists at " + database + (database.matches("[A-Za-z]{2,}:.*") ? ""
                    : " (its file would be " + database + ".mv.db)") + never + "check the path in the URL (a relative "
                    + "path starts from the working directory) against where the server keeps its database";
        }
        return Optional.of(new DatabaseAccessException("could not connect to " + displayUrl + ": " + why));
    }

    /** H2's message without its trailing {@code [code-version]}. */
    private static String driverWords(SQLException failure) {
        return String.valueOf(failure.getMessage()).replaceAll("\\s*\\[\\d+-\\d+]\\s*$", "");
    }

    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        return Map.of();
    }

    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of(
                "SET LOCK_TIMEOUT " + settings.lockWaitMillis(),
                "SET QUERY_TIMEOUT " + settings.timeoutMillis());
    }

    @Override
    public List<String> sessionReset() {
        return List.of("SET LOCK_TIMEOUT " + DEFAULT_LOCK_TIMEOUT_MILLIS, "SET QUERY_TIMEOUT 0");
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        long millis = Durations.boundMillis(lockWait);
        return List.of("SET LOCK_TIMEOUT " + millis, "SET QUERY_TIMEOUT " + millis);
    }
}
