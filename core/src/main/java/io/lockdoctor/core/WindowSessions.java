package io.lockdoctor.core;

import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every other session seen during one observe window, followed sample by sample, and what each
 * means at the end of it:
 * <ul>
 * <li>ACTIVE or BLOCKING when a sample caught it migrating, writing or locking;</li>
 * <li>a LOCK_WAITER when it retried HAPI's lock INSERT (at least two attempts, nothing else) while
 * the lock and the history stayed as they were: a node that is only waiting for the lock, along
 * with the idle connections its pool opened together with it;</li>
 * <li>EXCLUDED when the operator named it as not a migrator;</li>
 * <li>CONNECTED otherwise, whatever its state: a migrator that was paused, frozen or cut off keeps its
 * pooled connections open and idle, runs nothing, writes nothing, and resumes later.</li>
 * </ul>
 */
final class WindowSessions {
    /** A pool opens its connections together: within this of each other they belong to one node. */
    static final Duration SAME_POOL = Duration.ofSeconds(5);
    /** The fewest lock INSERTs that make a retrying node (HAPI retries about once a second). */
    static final int MIN_LOCK_ATTEMPTS = 2;

    private final SessionClassifier classifier;
    private final List<ClientExclusion> exclusions;
    private final Terms terms;
    private final Map<String, Track> tracks = new LinkedHashMap<>();

    WindowSessions(SessionClassifier classifier, List<ClientExclusion> exclusions, Terms terms) {
        this.classifier = classifier;
        this.exclusions = List.copyOf(exclusions);
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    WindowSessions(SessionClassifier classifier, List<ClientExclusion> exclusions) {
        this(classifier, exclusions, Terms.LIBRARY);
    }

    /** One sample of the other sessions, taken at the database time {@code now}. */
    void sample(Collection<SessionActivity> others, Instant now, Instant windowStart,
            Function<SessionActivity, String> terminate) {
        for (SessionActivity activity : others) {
            Track track = tracks.computeIfAbsent(activity.id(), id -> new Track(terminate.apply(activity)));
            track.see(activity, now, windowStart);
        }
    }

    /** Whether any other session was seen at all. */
    boolean anySeen() {
        return !tracks.isEmpty();
    }

    /**
     * The findings, one per session, at the end of the window.
     *
     * @param lockAndHistoryUnchanged false when any lock row or history row changed: then nobody is
     *        merely waiting, and every lock INSERT counts as a migrator's
     */
    List<SessionFinding> findings(boolean lockAndHistoryUnchanged) {
        Map<String, SessionFinding> out = new LinkedHashMap<>();
        List<Track> waiters = new ArrayList<>();
        for (Map.Entry<String, Track> entry : tracks.entrySet()) {
            Track t = entry.getValue();
            SessionFinding finding = t.decide(lockAndHistoryUnchanged);
            if (finding.effect() == SessionFinding.Effect.LOCK_WAITER) {
                waiters.add(t);
            }
            out.put(entry.getKey(), finding);
        }
        // Idle connections a waiting node's pool opened together with the one that retries: same
        // user, host and application, opened within SAME_POOL of it, and never anything but plumbing.
        for (Map.Entry<String, SessionFinding> entry : out.entrySet()) {
            SessionFinding f = entry.getValue();
            Track t = tracks.get(entry.getKey());
            if (f.effect() != SessionFinding.Effect.CONNECTED || !t.onlyPlumbing()) {
                continue;
            }
            waiters.stream().filter(w -> w.sameNode(t)).findFirst().ifPresent(w -> entry.setValue(
                    f.withEffect(SessionFinding.Effect.LOCK_WAITER, "idle; opened with the waiting session "
                            + w.last.id() + " by the same client, so part of the node that waits for the lock")));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Sessions idle through the whole window whose last statement wrote, before the window began:
     * where a database flushes counters late, their writes can show as a rise during the window.
     */
    List<SessionActivity> idleWritersBefore(Instant windowStart) {
        return tracks.values().stream()
                .filter(t -> t.idleThroughout && t.last.stateSince() != null && t.last.stateSince().isBefore(windowStart)
                        && SessionClassifier.isWrite(t.last.statement()))
                .map(t -> t.last)
                .toList();
    }

    private final class Track {
        private final String terminateCommand;
        private SessionActivity last;
        private Instant lastSeen;
        private SessionFinding strongest;
        private final Set<Instant> lockInsertStarts = new HashSet<>();
        private boolean runningLockInsert;
        private boolean otherStatements;
        private boolean wroteDuringWindow;
        private boolean idleThroughout = true;
        private Instant firstActivity;

        Track(String terminateCommand) {
            this.terminateCommand = terminateCommand;
        }

        void see(SessionActivity activity, Instant now, Instant windowStart) {
            if (firstActivity == null) {
                firstActivity = activity.lastActivity();
            } else if (!Objects.equals(firstActivity, activity.lastActivity())) {
                idleThroughout = false;
            }
            if (activity.running()) {
                idleThroughout = false;
            }
            last = activity;
            lastSeen = now;
            String statement = activity.statement();
            if (classifier.isHistoryInsert(statement)) {
                Instant start = activity.lastActivity();
                lockInsertStarts.add(start == null ? now : start);
                runningLockInsert |= activity.running();
            } else if (!SessionClassifier.isPlumbing(statement)) {
                otherStatements = true;
            }
            if (!activity.running() && activity.stateSince() != null && !activity.stateSince().isBefore(windowStart)
                    && SessionClassifier.isWrite(statement) && !classifier.isHistoryInsert(statement)) {
                wroteDuringWindow = true;
            }
            classifier.classify(activity, now, terminateCommand).ifPresent(f -> {
                if (strongest == null || (strongest.effect() == SessionFinding.Effect.BLOCKING
                        && f.effect() == SessionFinding.Effect.ACTIVE)) {
                    strongest = f;
                }
            });
        }

        SessionFinding decide(boolean lockAndHistoryUnchanged) {
            if (strongest != null) {
                return strongest;
            }
            boolean migrator = classifier.isMigratorStatement(last.statement()) || !lockInsertStarts.isEmpty();
            if (lockAndHistoryUnchanged && lockInsertStarts.size() >= MIN_LOCK_ATTEMPTS && !otherStatements) {
                return new SessionFinding(last, SessionFinding.Effect.LOCK_WAITER, "retrying HAPI's lock INSERT ("
                        + lockInsertStarts.size() + " attempts seen) while the lock and the history stayed as they were",
                        lastSeen, terminateCommand, false, lockInsertStarts.size());
            }
            if (runningLockInsert) {
                return finding(SessionFinding.Effect.ACTIVE, "running a statement on the history table: "
                        + SessionClassifier.shorten(last.statement()), true);
            }
            if (wroteDuringWindow) {
                return finding(SessionFinding.Effect.BLOCKING, "writing during the window: "
                        + SessionClassifier.shorten(last.statement()), migrator);
            }
            Optional<ClientExclusion> excluded = exclusions.stream().filter(e -> e.matches(last)).findFirst();
            if (excluded.isPresent()) {
                return finding(SessionFinding.Effect.EXCLUDED, "connected, " + state()
                        + "; excluded by the operator ("
                        + terms.set(Setting.EXCLUDE_CLIENT, excluded.get().toString()) + ") as not a migrator", migrator);
            }
            return finding(SessionFinding.Effect.CONNECTED, "connected, " + state() + (migrator
                    ? "; its last statement ran DDL or touched a history table: most likely a connection of the "
                            + "migrator, paused or cut off" : ""), migrator);
        }

        private SessionFinding finding(SessionFinding.Effect effect, String why, boolean migrator) {
            return new SessionFinding(last, effect, why, lastSeen, terminateCommand, migrator, 0);
        }

        private String state() {
            StringBuilder out = new StringBuilder(last.running() ? "running" : last.inTransaction()
                    ? "idle in transaction" : "idle");
            if (!last.running() && last.stateSince() != null && lastSeen != null) {
                Duration idle = Duration.between(last.stateSince(), lastSeen).withNanos(0);
                // MariaDB/MySQL count idle time in whole seconds: the start can read a little late.
                out.append(" for ").append(Durations.format(idle.isNegative() ? Duration.ZERO : idle));
            }
            if (last.statement() != null && !last.statement().isBlank()) {
                out.append(last.running() ? ": " : ", last statement: ").append(SessionClassifier.shorten(last.statement()));
            }
            return out.toString();
        }

        boolean onlyPlumbing() {
            return !otherStatements && lockInsertStarts.isEmpty() && !wroteDuringWindow
                    && !classifier.isMigratorStatement(last.statement());
        }

        boolean sameNode(Track other) {
            SessionActivity a = last;
            SessionActivity b = other.last;
            return a.sessionStart() != null && b.sessionStart() != null
                    && Duration.between(a.sessionStart(), b.sessionStart()).abs().compareTo(SAME_POOL) <= 0
                    && Objects.equals(a.user(), b.user()) && Objects.equals(a.application(), b.application())
                    && Objects.equals(host(a.host()), host(b.host()));
        }

        private static String host(String host) {
            if (host == null) {
                return null;
            }
            int colon = host.lastIndexOf(':');
            return (colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
        }
    }
}
