package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which lock a clear or an export is about, decided from one inspection and in one place. A lock
 * is called gone only when its table was read and holds no such row: a table that could not be
 * read (locked by another session, a missing privilege or column), several lock rows, or a table
 * found in several schemas are never taken for "gone".
 *
 * @param table the report the decision rests on: the table holding the lock (FOUND, SEVERAL_LOCKS),
 *     the other lock's (OTHER_LOCK), the unreadable table's (UNREADABLE); null otherwise
 * @param lock the lock row asked for, exactly as stored (FOUND, SEVERAL_LOCKS); null otherwise
 * @param message one sentence saying what was found, for the operator
 */
public record LockTarget(Kind kind, TableReport table, LockRow lock, String message) {

    /** What the inspection says about the lock asked for. */
    public enum Kind {
        /** The lock was read, and it is the one the verdict judged. */
        FOUND,
        /** None of the tables exists in the schemas searched. */
        NO_TABLE,
        /** The tables were read and hold no such lock, nor any other. */
        GONE,
        /** The lock asked for is not there, but the table holds another one. */
        OTHER_LOCK,
        /** The database or the table could not be read: whether the lock is there is unknown. */
        UNREADABLE,
        /** The table holds several lock rows, the one asked for among them: the verdict judged one only. */
        SEVERAL_LOCKS
    }

    /**
     * @param wanted the table asked for; empty for either
     * @param uuid the lock asked for (canonical, lower case); empty for whichever lock there is
     * @throws InvalidInputException when a table is found in several schemas (the schema must be given), or,
     *     without a UUID, both tables hold a lock (the table must be given)
     */
    public static LockTarget find(DatabaseReport database, Optional<KnownTable> wanted, Optional<String> uuid,
            Terms terms) {
        String asked = uuid.map(u -> "the lock " + u).orElse("a lock");
        if (database.error() != null) {
            return new LockTarget(Kind.UNREADABLE, null, null, "The database could not be inspected, so whether it "
                    + "holds " + asked + " is unknown: " + sentence(database.error()));
        }
        List<TableReport> existing = database.tables().stream()
                .filter(t -> wanted.isEmpty() || t.table() == wanted.get())
                .filter(TableReport::exists)
                .toList();
        requireOneSchemaPerTable(existing, terms);
        if (existing.isEmpty()) {
            return new LockTarget(Kind.NO_TABLE, null, null, wanted.map(KnownTable::name)
                    .map(name -> name + " does not exist").orElse("Neither " + KnownTable.values()[0] + " nor "
                            + KnownTable.values()[1] + " exists")
                    + " in the schemas searched (" + (database.schemasSearched().isEmpty() ? "none visible"
                            : String.join(", ", database.schemasSearched())) + "): there is no lock to clear.");
        }
        if (uuid.isPresent()) {
            Optional<TableReport> holding = existing.stream().filter(LockTarget::holdsLock)
                    .filter(t -> row(t, uuid.get()).isPresent()).findFirst();
            if (holding.isPresent()) {
                return found(holding.get(), row(holding.get(), uuid.get()).orElseThrow());
            }
        }
        Optional<TableReport> unreadable = existing.stream().filter(t -> !t.lockKnown()).findFirst();
        if (unreadable.isPresent()) {
            TableReport t = unreadable.get();
            return new LockTarget(Kind.UNREADABLE, t, null, t.table() + where(t) + " could not be read, so whether it "
                    + "holds " + asked + " is unknown: " + sentence(t.error() != null ? t.error() : t.reason()));
        }
        List<TableReport> held = existing.stream().filter(LockTarget::holdsLock).toList();
        if (uuid.isEmpty() && held.size() > 1) {
            throw new InvalidInputException("both tables hold a lock (" + held.stream()
                    .map(t -> t.table() + " " + t.lock().description()).collect(Collectors.joining(", "))
                    + "): give " + terms.name(Setting.TABLE) + " (or " + terms.name(Setting.UUID) + ")");
        }
        if (held.isEmpty()) {
            boolean released = uuid.isPresent() && existing.stream()
                    .anyMatch(t -> t.lock() != null && row(t, uuid.get()).isPresent());
            return new LockTarget(Kind.GONE, null, null, released
                    ? "The lock " + uuid.get() + " was released during the observe window and no other lock is there."
                    : uuid.map(u -> "The lock " + u + " is gone and no other lock is there")
                            .orElse("No lock row is there") + " (" + existing.stream()
                            .map(t -> t.table() + where(t)).collect(Collectors.joining(", ")) + " read).");
        }
        TableReport other = held.get(0);
        if (uuid.isEmpty()) {
            return found(other, other.lock());
        }
        return new LockTarget(Kind.OTHER_LOCK, other, null, "The lock " + uuid.get() + " is gone, but " + other.table()
                + " holds another lock now, " + other.lock().description() + ", whose verdict is " + other.verdict()
                + ": " + other.reason());
    }

    /** Whether the lock may go, and if not why: the one policy behind both a clear and an export. */
    public enum Decision {
        /** Proven STALE, or UNCERTAIN and forced. */
        PROCEED,
        /** No table, or no lock at all: nothing to clear. */
        NOTHING_THERE,
        /** The lock asked for is gone, another is there: judge that one first. */
        OTHER_LOCK,
        /** Whether the lock is there is unknown (the database or the table could not be read). */
        UNREADABLE,
        /** A migration is active (or locks the table so that it cannot be read): never cleared, forced or not. */
        REFUSED_ACTIVE,
        /** Staleness is not proven and no force was given. */
        REFUSED_UNCERTAIN,
        /** Several lock rows: HAPI's variable fails (HAPI-2152) while another lock row exists. Export only. */
        SEVERAL_LOCKS,
        /** The verdict is ERROR: the lock could not be judged. */
        NOT_JUDGED,
        /** The lock was released during the observe window. */
        RELEASED
    }

    /**
     * What may be done with this lock, judged {@code report} (for a clear, several lock rows are judged
     * UNCERTAIN at best; see {@link #table()} otherwise).
     *
     * @param forExport true for HAPI's variable, which cannot remove one lock row of several; false for a delete
     */
    public Decision decide(TableReport report, boolean force, boolean forExport) {
        switch (kind) {
            case NO_TABLE, GONE -> {
                return Decision.NOTHING_THERE;
            }
            case OTHER_LOCK -> {
                return Decision.OTHER_LOCK;
            }
            case UNREADABLE -> {
                // A table another session holds locked is ACTIVE evidence; anything else unread is unknown.
                return report != null && report.verdict() == Verdict.ACTIVE ? Decision.REFUSED_ACTIVE
                        : Decision.UNREADABLE;
            }
            case SEVERAL_LOCKS -> {
                if (forExport) {
                    return Decision.SEVERAL_LOCKS;
                }
            }
            default -> {
            }
        }
        return switch (report.verdict()) {
            case ACTIVE -> Decision.REFUSED_ACTIVE;
            case UNCERTAIN -> force ? Decision.PROCEED : Decision.REFUSED_UNCERTAIN;
            case ERROR -> Decision.NOT_JUDGED;
            case NO_LOCK -> Decision.RELEASED;
            case STALE -> Decision.PROCEED;
        };
    }

    private static LockTarget found(TableReport t, LockRow row) {
        if (t.lockRows().size() > 1) {
            return new LockTarget(Kind.SEVERAL_LOCKS, t, row, t.table() + where(t) + " holds " + t.lockRows().size()
                    + " lock rows (" + t.lockRows().stream().map(LockRow::description).collect(Collectors.joining(", "))
                    + "): without the unique index on installed_rank two migrators can each take one and run at once, "
                    + "and the verdict " + t.verdict() + " judged " + t.lock().description() + " only.");
        }
        return new LockTarget(Kind.FOUND, t, row, t.table() + where(t) + " holds the lock " + row.description() + ".");
    }

    /** A lock that is there now: one released during the observe window (NO_LOCK) is not. */
    private static boolean holdsLock(TableReport t) {
        return t.lock() != null && t.verdict() != Verdict.NO_LOCK;
    }

    /**
     * The row a lock key names: a canonical UUID matches HAPI's lock whatever the case it was
     * stored in; any other key matches a lock of unknown origin (not a UUID) by its exact description.
     */
    private static Optional<LockRow> row(TableReport t, String key) {
        return t.lockRows().stream()
                .filter(r -> r.uuid().isPresent() ? key.equals(r.uuid().get()) : key.equals(r.description()))
                .findFirst();
    }

    private static void requireOneSchemaPerTable(List<TableReport> existing, Terms terms) {
        Map<KnownTable, List<String>> schemas = new EnumMap<>(KnownTable.class);
        existing.forEach(t -> schemas.computeIfAbsent(t.table(), k -> new java.util.ArrayList<>())
                .add(String.valueOf(t.schema())));
        schemas.forEach((table, found) -> {
            if (found.size() > 1) {
                throw new InvalidInputException(table + " exists in several schemas (" + String.join(", ", found)
                        + "): give " + terms.name(Setting.SCHEMA) + " to say which one");
            }
        });
    }

    /** Messages from elsewhere end without a full stop; the command adds a sentence after them. */
    private static String sentence(String text) {
        return text.matches("(?s).*[.!?]$") ? text : text + ".";
    }

    private static String where(TableReport t) {
        return t.schema() == null ? "" : " in " + t.schema();
    }
}
