package io.lockdoctor.core.doctor;

/**
 * How a lock named in the logs compares with the database now.
 *
 * @param table the table the log names (null for the old message without one)
 * @param logUuid the UUID the log names, null when the message carried none
 * @param databaseUuid the lock in that table now, null when there is none
 */
public record LogCrossCheck(String table, String logUuid, String databaseUuid, Outcome outcome, String sentence) {

    /** The relation between the log and the database. */
    public enum Outcome {
        /** The database holds the lock the log names. */
        SAME_LOCK,
        /** The log's message named no UUID; the database's lock is the one it meant. */
        DATABASE_LOCK_ASSUMED,
        /** The lock the log names is gone and no other is there: it was released or cleared. */
        ALREADY_GONE,
        /** The lock the log names is gone but another lock is there now. */
        DIFFERENT_LOCK,
        /**
         * The table (or a database) could not be read, so whether the lock the log names is still
         * there is unknown: never taken for ALREADY_GONE.
         */
        UNREADABLE,
        /** The log names a table this database does not have. */
        TABLE_NOT_HERE
    }
}
