package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.dialects.mariadb.MySqlFamilyDialect.Flavor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables each thread locks. MariaDB lists the table locks of every session only through
 * the {@code metadata_lock_info} plugin (not installed by default: {@code INSTALL SONAME
 * 'metadata_lock_info'}); {@code INNODB_LOCKS} shows only locks that are waited for or block a
 * waiter. Without the plugin a thread with an open transaction that locks tables shows as
 * locking unnamed tables of its default database, which blocks STALE but cannot prove ACTIVE.
 * MySQL 8 lists every InnoDB table lock in {@code performance_schema.data_locks}.
 */
final class TableLocks {
    private static final Pattern INNODB_TABLE = Pattern.compile("`((?:[^`]|``)+)`\\.`((?:[^`]|``)+)`");
    private static final String PLUGIN_ACTIVE = "SELECT COUNT(*) FROM information_schema.PLUGINS "
            + "WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'";
    private static final String METADATA_LOCKS = "SELECT THREAD_ID, TABLE_SCHEMA, TABLE_NAME, LOCK_MODE "
            + "FROM information_schema.METADATA_LOCK_INFO WHERE LOCK_TYPE = 'Table metadata lock'";
    private static final String INNODB_LOCK_WAITS = "SELECT t.trx_mysql_thread_id, l.lock_table, l.lock_mode, "
            + "CASE WHEN l.lock_id = t.trx_requested_lock_id THEN 0 ELSE 1 END "
            + "FROM information_schema.INNODB_LOCKS l JOIN information_schema.INNODB_TRX t ON t.trx_id = l.lock_trx_id";
    private static final String MYSQL_DATA_LOCKS = "SELECT th.PROCESSLIST_ID, l.OBJECT_SCHEMA, l.OBJECT_NAME, "
            + "l.LOCK_MODE, CASE WHEN l.LOCK_STATUS = 'GRANTED' THEN 1 ELSE 0 END FROM performance_schema.data_locks l "
            + "JOIN performance_schema.threads th ON th.THREAD_ID = l.THREAD_ID WHERE l.LOCK_TYPE = 'TABLE'";

    /** Per thread id, the tables it locks; {@code named} false when held locks may be missing from it. */
    record Snapshot(Map<String, List<RelationLock>> byThread, boolean named) {
    }

    private final Flavor flavor;
    private final boolean useMetadataLockInfo;

    /** @param useMetadataLockInfo false to ignore the plugin even where it is installed (tests the fallback) */
    TableLocks(Flavor flavor, boolean useMetadataLockInfo) {
        this.flavor = flavor;
        this.useMetadataLockInfo = useMetadataLockInfo;
    }

    Snapshot read(Statements sql) {
        Map<String, List<RelationLock>> byThread = new HashMap<>();
        if (flavor == Flavor.MYSQL) {
            boolean read = tryCollect(sql, MYSQL_DATA_LOCKS, byThread);
            return new Snapshot(byThread, read);
        }
        boolean named = metadataLockInfo(sql);
        if (named) {
            sql.each(METADATA_LOCKS, rs -> add(byThread, Long.toString(rs.getLong(1)),
                    new RelationLock(rs.getString(2), rs.getString(3), rs.getString(4), true)));
        }
        sql.each(INNODB_LOCK_WAITS, rs -> {
            Matcher table = INNODB_TABLE.matcher(rs.getString(2) == null ? "" : rs.getString(2));
            if (table.find()) {
                add(byThread, Long.toString(rs.getLong(1)), new RelationLock(table.group(1).replace("``", "`"),
                        table.group(2).replace("``", "`"), "InnoDB " + rs.getString(3), rs.getInt(4) == 1));
            }
        });
        return new Snapshot(byThread, named);
    }

    /** What lockdoctor relies on for table locks here, for the observability evidence. */
    String source(Statements sql) {
        if (flavor == Flavor.MYSQL) {
            return "table locks from performance_schema.data_locks";
        }
        return metadataLockInfo(sql) ? "table locks from information_schema.METADATA_LOCK_INFO"
                : "table locks only from InnoDB lock waits and statement text (install the metadata_lock_info plugin "
                        + "to see which tables an idle transaction locks)";
    }

    /** A thread whose InnoDB transaction locks tables this server will not name. */
    static RelationLock unnamed(String database, long tables) {
        return new RelationLock(database, tables + " InnoDB table(s), not named without metadata_lock_info",
                "row locks", true);
    }

    private boolean metadataLockInfo(Statements sql) {
        return useMetadataLockInfo && sql.one(PLUGIN_ACTIVE, RowMapper.LONG) > 0;
    }

    private static boolean tryCollect(Statements sql, String query, Map<String, List<RelationLock>> byThread) {
        try {
            sql.each(query, rs -> add(byThread, Long.toString(rs.getLong(1)),
                    new RelationLock(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) == 1)));
            return true;
        } catch (RuntimeException e) {
            // performance_schema off, or no SELECT on it: locks of idle transactions stay unnamed.
            return false;
        }
    }

    private static void add(Map<String, List<RelationLock>> byThread, String thread, RelationLock lock) {
        byThread.computeIfAbsent(thread, k -> new ArrayList<>()).add(lock);
    }
}
