package io.lockdoctor.core.clear;

import io.lockdoctor.core.db.DatabaseSession;
import io.lockdoctor.core.inspect.DatabaseReport;
import io.lockdoctor.core.inspect.InspectionOptions;
import io.lockdoctor.core.spi.SessionSettings;

/** What a clear needs of the database it works on: the {@code LockDoctor} facade is one. */
public interface ClearTarget {
    /** The inspection the verdict rests on, taken before any transaction. */
    DatabaseReport status(InspectionOptions options);

    /** A tagged, time-bounded session. */
    DatabaseSession openSession();

    SessionSettings settings();
}
