package io.lockdoctor.dialects.sqlserver;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.core.support.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft SQL Server 2012 and later, through Microsoft's driver. Never run against a real
 * server (none was available; reading was run against H2 in MSSQLServer mode), so its verdicts
 * stop at UNCERTAIN.
 */
public final class SqlServerDialect extends StandardDialect {
    private static final SystemSchemas SYSTEM_SCHEMAS = SystemSchemas.named("sys", "information_schema", "guest",
            "db_owner", "db_accessadmin", "db_securityadmin", "db_ddladmin", "db_backupoperator", "db_datareader",
            "db_datawriter", "db_denydatareader", "db_denydatawriter");

    public SqlServerDialect() {
        super("sqlserver", "SQL Server", "jdbc:sqlserver:", Set.of("MSSQL_2012"), SYSTEM_SCHEMAS,
                new SqlServerSessionObserver());
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return "Microsoft SQL Server".equalsIgnoreCase(productName);
    }

    @Override
    public boolean verifiedAgainstRealServer() {
        return false;
    }

    /** Brackets, which work whatever the session's QUOTED_IDENTIFIER setting. */
    @Override
    public String quote(String identifier) {
        super.quote(identifier);
        return "[" + identifier + "]";
    }

    /** {@code applicationName} becomes the session's {@code program_name}. */
    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("applicationName", settings.applicationName());
        properties.put("loginTimeout", Integer.toString(settings.timeoutSeconds()));
        properties.put("socketTimeout", Long.toString(settings.silentServerMillis()));
        return properties;
    }

    /**
     * The lock wait, and the tag in {@code CONTEXT_INFO}: a borrowed connection keeps its owner's
     * {@code program_name}, but others see a session's context info in {@code sys.dm_exec_sessions}.
     * Statements are bounded by the JDBC query timeout (T-SQL has no session statement timeout).
     */
    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of("SET LOCK_TIMEOUT " + settings.timeoutMillis(),
                "SET CONTEXT_INFO " + contextInfo(settings.applicationName()));
    }

    /** -1 is SQL Server's default: wait for ever. */
    @Override
    public List<String> sessionReset() {
        return List.of("SET LOCK_TIMEOUT -1", "SET CONTEXT_INFO 0x");
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        return List.of("SET LOCK_TIMEOUT " + Durations.boundMillis(lockWait));
    }

    /** An update lock on the row only, held to the end of the transaction; the wait is LOCK_TIMEOUT's. */
    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WITH (UPDLOCK, ROWLOCK) WHERE " + where;
    }

    /** SQL Server has no {@code DATE '...'} literal; style 23 is yyyy-mm-dd whatever the language. */
    @Override
    public String dateLiteral(LocalDate date) {
        return "CONVERT(DATE, '" + date + "', 23)";
    }

    /** {@code success} is {@code bit}. */
    @Override
    public String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    /** With the server's offset, so the instant is right whatever the zones of server and JVM. */
    @Override
    public String currentTimeQuery() {
        return "SELECT SYSDATETIMEOFFSET()";
    }

    /** {@code 0x} and the tag's bytes, the binary(128) that SET CONTEXT_INFO takes. */
    static String contextInfo(String tag) {
        return "0x" + HexFormat.of().formatHex(tag.getBytes(StandardCharsets.US_ASCII));
    }
}
