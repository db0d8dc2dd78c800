package io.lockdoctor.dialects.oracle;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Oracle 12.2 and later (LISTAGG ... ON OVERFLOW). HAPI creates upper-case tables with lower-case quoted columns and a
 * {@code number(1,0)} success column; identifiers are always quoted exactly. Never run against a
 * real server (none was available; reading was run against H2 in Oracle mode), so its verdicts
 * stop at UNCERTAIN.
 */
public final class OracleDialect extends StandardDialect {
    /** Schemas Oracle creates for itself (12c-23ai), plus H2's when reading through its Oracle mode. */
    private static final SystemSchemas SYSTEM_SCHEMAS = SystemSchemas.named("SYS", "SYSTEM", "SYSMAN", "SYSBACKUP",
            "SYSDG", "SYSKM", "SYSRAC", "SYS$UMF", "AUDSYS", "ANONYMOUS", "APPQOSSYS", "CTXSYS", "DBSFWUSER",
            "DBSNMP", "DGPDB_INT", "DIP", "DVF", "DVSYS", "GGSHAREDCAP", "GGSYS", "GSMADMIN_INTERNAL", "GSMCATUSER",
            "GSMROOTUSER", "GSMUSER", "LBACSYS", "MDDATA", "MDSYS", "OJVMSYS", "OLAPSYS", "ORACLE_OCM", "ORDDATA",
            "ORDPLUGINS", "ORDSYS", "OUTLN", "REMOTE_SCHEDULER_AGENT", "SI_INFORMTN_SCHEMA", "WMSYS", "XDB",
            "XS$NULL", "FLOWS_FILES", "INFORMATION_SCHEMA").andPrefixed("APEX_");

    public OracleDialect() {
        super("oracle", "Oracle", "jdbc:oracle:", Set.of("ORACLE_12C"), SYSTEM_SCHEMAS, new OracleSessionObserver());
    }

    @Override
    public boolean verifiedAgainstRealServer() {
        return false;
    }

    /** The program name others see in {@code v$session.program}; connect and read timeouts in milliseconds. */
    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("oracle.jdbc.v$session.program", settings.applicationName());
        properties.put("oracle.net.CONNECT_TIMEOUT", Long.toString(settings.timeoutMillis()));
        properties.put("oracle.jdbc.ReadTimeout", Long.toString(settings.silentServerMillis()));
        return properties;
    }

    /**
     * The tag in {@code v$session.module}, which a borrowed connection can set (its program name
     * is fixed at connect). Oracle has no session lock-wait timeout: row locks are bounded by
     * {@code FOR UPDATE WAIT n}, statements by the JDBC query timeout.
     */
    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of("BEGIN DBMS_APPLICATION_INFO.SET_MODULE('" + settings.applicationName() + "', NULL); END;");
    }

    @Override
    public List<String> sessionReset() {
        return List.of("BEGIN DBMS_APPLICATION_INFO.SET_MODULE(NULL, NULL); END;");
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        return List.of();
    }

    /** WAIT takes whole seconds; at least 1, never NOWAIT. */
    @Override
    public String selectForUpdate(String qualifiedTable, String columns, String where, Duration lockWait) {
        return "SELECT " + columns + " FROM " + qualifiedTable + " WHERE " + where + " FOR UPDATE WAIT "
                + Durations.boundSeconds(lockWait);
    }

    /** {@code success} is {@code number(1,0)}. */
    @Override
    public String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public String currentTimeQuery() {
        return "SELECT SYSTIMESTAMP FROM DUAL";
    }
}
