package io.lockdoctor.core.spi;

/**
 * A lock a session holds or waits for on a table.
 *
 * @param schema the table's schema (MariaDB/MySQL: database), null when the database does not say
 * @param table the table name as the catalog spells it
 * @param mode the database's name for the lock mode, e.g. {@code RowExclusiveLock}
 * @param granted false while the session waits for it
 */
public record RelationLock(String schema, String table, String mode, boolean granted) {

    public String displayName() {
        return (schema == null ? "" : schema + ".") + table + " (" + mode + (granted ? "" : ", waiting") + ")";
    }
}
