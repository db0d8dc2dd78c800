package io.lockdoctor.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What would settle an UNCERTAIN verdict, as data: the caller words it in its own terms (the
 * command line names its options; a program embedding the library names its settings).
 */
public sealed interface Advice {

    /** Words that need no translation: a dialect's own advice (a GRANT, "connect to the primary"). */
    record InWords(String text) implements Advice {
        public InWords {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Check on the server by hand that no session is migrating; then, where a clear is wanted, force it. */
    record CheckByHand(boolean thenForce) implements Advice {
    }

    /** Inspect again with an observe window of at least {@code atLeast}. */
    record ObserveLonger(Duration atLeast) implements Advice {
    }

    /** Inspect again and let the observe window run to its end. */
    record LetWindowFinish() implements Advice {
    }

    /** Let lockdoctor read the client list of the pooler the servers use: its console address, or connect through it. */
    record ReadPoolerClients() implements Advice {
    }

    /**
     * Find out what each connected client is; end it or stop its server ({@code terminateCommands},
     * the first few), or exclude a client known to be no migrator; then inspect again.
     */
    record EndOrExcludeClients(List<String> terminateCommands, boolean more) implements Advice {
        public EndOrExcludeClients {
            terminateCommands = List.copyOf(terminateCommands);
        }
    }

    /** Stop the servers using this database, or wait for their work ({@code writesOnly}: writes) to end; then inspect again. */
    record StopServers(boolean writesOnly) implements Advice {
    }

    /** Inspect again once the lock is old enough, at {@code when}. */
    record WaitUntil(Instant when) implements Advice {
    }

    /** Give the server log: its "Migration Lock Row added" line dates the lock exactly. */
    record GiveLog() implements Advice {
    }

    /** Give the time zone of the JVMs that wrote the lock. */
    record GiveWriterZone() implements Advice {
    }

    /** Drop the minimum age, for an operator who knows no migrator ran since the lock was taken. */
    record DropMinimumAge() implements Advice {
    }

    /**
     * Several lock rows (no unique index on installed_rank): find which process took each, clear
     * the stale ones forced, and restore the unique index.
     */
    record SortOutSeveralLocks() implements Advice {
    }
}
