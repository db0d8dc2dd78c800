package io.lockdoctor.core;

import io.lockdoctor.core.spi.SessionSettings;

/** What a clear needs of the database it works on: the {@code LockDoctor} facade is one. */
interface ClearTarget {

    /**
     * The inspection the verdict rests on, not run yet: its session stays open after it for the
     * clear's statements and transaction, so one session serves a whole clear and the table is
     * found once.
     */
    Inspection inspection(InspectionOptions options);

    /** A tagged, time-bounded session, for a fresh look after the clear's own session failed. */
    DatabaseSession openSession();

    SessionSettings settings();

    /** One inspection and the session it ran on; closing it closes the session. */
    interface Inspection extends AutoCloseable {
        /**
         * Opens the session and inspects on it, once. Database failures come back as a report whose
         * {@code error} says what failed, never as "no lock".
         */
        DatabaseReport status();

        /**
         * The open session {@link #status()} inspected on.
         *
         * @throws IllegalStateException when none could be opened
         */
        DatabaseSession session();

        @Override
        void close();
    }
}
