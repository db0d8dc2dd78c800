package io.lockdoctor.core.evidence;

import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides what another session means for a lock (DESIGN §2.1): ACTIVE evidence for DDL, anything
 * on or locking a history table, or one statement older than {@code --long-statement}; BLOCKING
 * evidence for any other session writing to or locking tables of the database. Idle sessions
 * without an open transaction mean nothing: connection pools keep them.
 */
public final class SessionClassifier {
    /**
     * Whitespace and comments before the first keyword: block comments, and line comments, which
     * drivers, ORMs and DBAs' scripts put in front of statements as often as block comments.
     */
    private static final String LEADING = "^\\s*(?:/\\*.*?\\*/\\s*|--[^\\n]*(?:\\n|$)\\s*)*";
    private static final Pattern DDL = Pattern.compile(LEADING
            + "(CREATE|ALTER|DROP|TRUNCATE|REINDEX|CLUSTER|RENAME|COMMENT\\s+ON|VACUUM\\s+FULL)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern WRITE = Pattern.compile(LEADING
            + "(?:WITH\\b.*)?\\b(INSERT|UPDATE|DELETE|MERGE|UPSERT|COPY|LOCK)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int STATEMENT_SHOWN = 200;

    private final Collection<TableLocation> historyTables;
    private final Duration longStatement;

    public SessionClassifier(Collection<TableLocation> historyTables, Duration longStatement) {
        this.historyTables = historyTables;
        this.longStatement = longStatement;
    }

    /** What {@code session} means, if anything, at the database time {@code now}. */
    public Optional<SessionFinding.Effect> effect(SessionActivity session, Instant now) {
        return why(session, now).map(Why::effect);
    }

    /** The finding for {@code session}, or empty when it does not bear on the verdict. */
    public Optional<SessionFinding> classify(SessionActivity session, Instant now, String terminateCommand) {
        return why(session, now).map(w -> new SessionFinding(session, w.effect, w.text, now, terminateCommand));
    }

    private record Why(SessionFinding.Effect effect, String text) {
    }

    private Optional<Why> why(SessionActivity s, Instant now) {
        String statement = s.statement() == null ? "" : s.statement();
        for (RelationLock lock : s.locks()) {
            if (isHistoryTable(lock.schema(), lock.table())) {
                return active("locking the history table " + lock.displayName());
            }
        }
        if (s.running()) {
            if (DDL.matcher(statement).find()) {
                return active("running DDL: " + shorten(statement));
            }
            if (mentionsHistoryTable(statement)) {
                return active("running a statement on the history table: " + shorten(statement));
            }
            if (s.statementStart() != null && Duration.between(s.statementStart(), now).compareTo(longStatement) > 0) {
                return active("running one statement for more than " + Durations.format(longStatement) + ": "
                        + shorten(statement));
            }
        }
        // A session the database lists with table locks holds them whatever state it reports:
        // PostgreSQL with track_activities off shows neither a running statement nor a transaction.
        if (!s.locks().isEmpty()) {
            return blocking("locking " + s.locks().get(0).displayName()
                    + (s.locks().size() > 1 ? " and " + (s.locks().size() - 1) + " more" : ""));
        }
        if (s.uncommittedWrites()) {
            return blocking("holding uncommitted writes");
        }
        if (s.running() && WRITE.matcher(statement).find()) {
            return blocking("writing: " + shorten(statement));
        }
        return Optional.empty();
    }

    private boolean isHistoryTable(String schema, String table) {
        return historyTables.stream().anyMatch(h -> h.name().equalsIgnoreCase(table)
                && (schema == null || h.schema() == null || h.schema().equalsIgnoreCase(schema)));
    }

    private boolean mentionsHistoryTable(String statement) {
        String upper = statement.toUpperCase(Locale.ROOT);
        return historyTables.stream().anyMatch(h -> upper.contains(h.name().toUpperCase(Locale.ROOT)));
    }

    private static Optional<Why> active(String text) {
        return Optional.of(new Why(SessionFinding.Effect.ACTIVE, text));
    }

    private static Optional<Why> blocking(String text) {
        return Optional.of(new Why(SessionFinding.Effect.BLOCKING, text));
    }

    static String shorten(String statement) {
        String oneLine = statement.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= STATEMENT_SHOWN ? oneLine : oneLine.substring(0, STATEMENT_SHOWN) + "…";
    }
}
