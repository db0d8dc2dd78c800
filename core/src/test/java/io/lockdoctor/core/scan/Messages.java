package io.lockdoctor.core.scan;

/** HAPI FHIR 8.6.1's message texts, for building test logs. */
final class Messages {
    static final String EXCEPTION = "ca.uhn.fhir.jpa.migrate.HapiMigrationException";

    private Messages() {
    }

    static String blocked(String table, String uuid) {
        String m = "HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no other "
                + "database migration is running, then the previous migration did not shut down properly and the lock "
                + "record needs to be deleted manually.  The lock record is located in the " + table
                + " table with INSTALLED_RANK = -100";
        return uuid == null ? m : m + " and DESCRIPTION = " + uuid;
    }

    static String added(String uuid) {
        return "Migration Lock Row added. [uuid=" + uuid + "]";
    }
}
