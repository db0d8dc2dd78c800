package io.lockdoctor.core;

import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what another session shows at one sample: ACTIVE evidence for DDL, anything on or
 * locking a history table, or one statement older than the long-statement bound; BLOCKING evidence
 * for any other session writing to or locking tables of the database. A running INSERT into a
 * history table is left to {@link WindowSessions}: it is HAPI's lock INSERT, which a waiting node
 * retries about once a second, as often as a migrator's own row. What a session's mere presence
 * means (connected, waiting, excluded) is decided across the whole window, not here.
 */
final class SessionClassifier {
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
    /**
     * Statements a pool, a driver or a health check runs to open, check or reset a connection, and
     * SELECTs of no table (SELECT 1, SELECT version()): they say nothing of a migration.
     */
    private static final Pattern PLUMBING = Pattern.compile(LEADING
            + "(?:;?\\s*$|SELECT\\b(?!.*\\b(?:FROM|INTO)\\b)|(?:SHOW|SET|RESET|DISCARD|BEGIN|COMMIT|ROLLBACK"
            + "|START\\s+TRANSACTION)\\b)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int STATEMENT_SHOWN = 200;
    private static final Pattern INSERT_INTO = Pattern.compile(LEADING
            + "INSERT\\s+INTO\\s+((?:[\"`]?[\\w$]+[\"`]?\\s*\\.\\s*)?[\"`]?[\\w$]+[\"`]?)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

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
        if (s.running() && isHistoryInsert(statement)) {
            // With the row lock its own INSERT takes: a retrying node's lock INSERT or a migrator's
            // task row, told apart across the whole window (WindowSessions), never at one sample.
            return Optional.empty();
        }
        for (RelationLock lock : s.locks()) {
            if (isHistoryTable(lock.schema(), lock.table())) {
                return active("locking the history table " + lock.displayName());
            }
        }
        if (s.running()) {
            if (DDL.matcher(statement).find()) {
                return active("running DDL: " + shorten(statement));
            }
            if (mentionsHistoryTable(statement) && !isHistoryInsert(statement)) {
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

    /**
     * What refuses a clear at its last moment, inside its transaction: ACTIVE evidence, or an idle
     * connection whose last statement ran DDL or read the history table (a migrator's, connected
     * since the verdict). A lock INSERT, running or last, is a node waiting for the lock, which the
     * delete is meant to let in.
     */
    public Optional<SessionFinding> finalSnapshotFinding(SessionActivity session, Instant now, String terminateCommand) {
        Optional<SessionFinding> finding = classify(session, now, terminateCommand)
                .filter(f -> f.effect() == SessionFinding.Effect.ACTIVE);
        if (finding.isPresent() || session.running() || isHistoryInsert(session.statement())
                || !isMigratorStatement(session.statement())) {
            return finding;
        }
        return Optional.of(new SessionFinding(session, SessionFinding.Effect.CONNECTED, "connected, and its last "
                + "statement ran DDL or touched the history table: " + shorten(session.statement()), now,
                terminateCommand, true, 0));
    }

    /** An INSERT into one of the history tables: HAPI's lock INSERT, or a migrator's task row. */
    public boolean isHistoryInsert(String statement) {
        if (statement == null) {
            return false;
        }
        Matcher insert = INSERT_INTO.matcher(statement);
        if (!insert.find()) {
            return false;
        }
        String target = insert.group(1).replace("\"", "").replace("`", "");
        String table = target.substring(target.lastIndexOf('.') + 1);
        return historyTables.stream().anyMatch(h -> h.name().equalsIgnoreCase(table));
    }

    /** A last statement that marks a migrator's connection: DDL, or anything on a history table. */
    boolean isMigratorStatement(String statement) {
        return statement != null && (DDL.matcher(statement).find() || mentionsHistoryTable(statement));
    }

    /** Connection plumbing (or nothing at all): a pool's validation query, SET, SHOW, BEGIN/COMMIT... */
    static boolean isPlumbing(String statement) {
        return statement == null || PLUMBING.matcher(statement).find();
    }

    static boolean isWrite(String statement) {
        return statement != null && (WRITE.matcher(statement).find() || DDL.matcher(statement).find());
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
