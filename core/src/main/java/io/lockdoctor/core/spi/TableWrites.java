package io.lockdoctor.core.spi;

/**
 * One table's write counters, where the database keeps them per table (PostgreSQL
 * {@code pg_stat_user_tables}). Failed inserts count too: a row inserted and then rejected by a
 * unique index is counted in {@code inserted}.
 */
public record TableWrites(String schema, String table, long inserted, long updated, long deleted) {

    public long total() {
        return inserted + updated + deleted;
    }

    /** This minus {@code before}, per counter (never negative: a counter reset reads as no writes). */
    public TableWrites since(TableWrites before) {
        return before == null ? this : new TableWrites(schema, table, Math.max(0, inserted - before.inserted),
                Math.max(0, updated - before.updated), Math.max(0, deleted - before.deleted));
    }

    public String displayName() {
        return (schema == null ? "" : schema + ".") + table;
    }
}
