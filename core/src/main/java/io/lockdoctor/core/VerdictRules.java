package io.lockdoctor.core;

import io.lockdoctor.core.LockEvidence.Age;
import io.lockdoctor.core.LockEvidence.Context;
import io.lockdoctor.core.LockEvidence.Lock;
import io.lockdoctor.core.LockEvidence.Window;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The verdict rules of docs/evidence.md, and nothing else: evidence in, verdict, one-sentence reason and
 * the evidence list out. Independent of JDBC so every rule and boundary is tested on its own.
 *
 * <p>Order: a lock gone by the end of the window is no lock; a changed lock, an ACTIVE session or
 * history progress is ACTIVE; then anything short of proof is UNCERTAIN (unverified dialect, no or
 * too short, sample-less or incomplete a window, sessions not observable, blocking sessions or writes, an age bound below
 * the minimum age); only then STALE. Settings are named in the caller's {@link Terms}.
 */
final class VerdictRules {
    private final Terms terms;

    public VerdictRules(Terms terms) {
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    /** Naming settings in the library's terms. */
    public VerdictRules() {
        this(Terms.LIBRARY);
    }

    public Assessment assess(LockEvidence e) {
        List<Evidence> evidence = describe(e);
        Lock lock = e.lock();
        Window window = e.window();

        if (lock.released()) {
            return new Assessment(Verdict.NO_LOCK, "The lock " + name(lock.atStart())
                    + " was released during the observe window: a migration that ended, not a stale lock.", evidence,
                    List.of());
        }
        if (lock.replaced()) {
            return new Assessment(Verdict.ACTIVE, "The lock changed from " + name(lock.atStart()) + " to "
                    + name(lock.atEnd()) + " during the observe window: another migrator took it and is running.",
                    evidence, List.of());
        }
        for (SessionFinding f : window.sessions()) {
            if (f.effect() == SessionFinding.Effect.ACTIVE) {
                return new Assessment(Verdict.ACTIVE, "A migration is running: " + f.session().who() + " is " + f.why() + ".",
                        evidence, List.of());
            }
        }
        if (!window.historyChanges().isEmpty()) {
            return new Assessment(Verdict.ACTIVE, "The history table changed during the observe window ("
                    + window.historyChanges().get(0) + "): a migration is making progress.", evidence, List.of());
        }

        List<String> reasons = new ArrayList<>();
        List<Advice> settleBy = new ArrayList<>();
        e.context().unverifiedDialect().ifPresent(product -> {
            reasons.add("lockdoctor has not been verified against a real " + product
                    + " server, so its verdicts there stop at UNCERTAIN");
            settleBy.add(new Advice.CheckByHand(true));
        });
        if (window.observed().compareTo(LockEvidence.MINIMUM_WINDOW) < 0) {
            reasons.add(window.observed().isZero() && window.requested().isZero()
                    ? "no observe window was run (" + terms.set(Setting.OBSERVE, "0s") + "), so nothing shows that the lock's migrator is gone"
                    : "the observe window lasted " + Durations.format(window.observed()) + ", less than the "
                            + Durations.format(LockEvidence.MINIMUM_WINDOW) + " needed to prove anything");
            settleBy.add(new Advice.ObserveLonger(ObserveOptions.DEFAULT_OBSERVE));
        } else if (window.samples() == 0) {
            reasons.add("no session sample was taken during the " + Durations.format(window.observed())
                    + " observe window, so nothing was seen at all");
            settleBy.add(new Advice.ObserveLonger(ObserveOptions.DEFAULT_OBSERVE));
        } else if (window.observed().compareTo(window.requested()) < 0) {
            reasons.add("the observe window did not complete (" + Durations.format(window.observed()) + " of the "
                    + Durations.format(window.requested()) + " asked for)");
            settleBy.add(new Advice.LetWindowFinish());
        }
        // Without a window nothing was checked: the missing window is the reason, not the view.
        if (!window.observability().observable() && !window.requested().isZero()) {
            reasons.add("other sessions are not observable (" + window.observability().detail()
                    + "), so a running migration could go unseen");
            settleBy.add(window.observability().settleBy());
        }
        List<SessionFinding> connected = window.sessions().stream()
                .filter(f -> f.effect() == SessionFinding.Effect.CONNECTED).toList();
        if (!connected.isEmpty()) {
            List<SessionFinding> migrators = connected.stream().filter(SessionFinding::migratorConnection).toList();
            SessionFinding first = migrators.isEmpty() ? connected.get(0) : migrators.get(0);
            reasons.add(connected.size() + " other client session" + (connected.size() == 1 ? " is" : "s are")
                    + " connected to this database (" + first.session().who() + ", " + first.why()
                    + (connected.size() > 1 ? "; and " + (connected.size() - 1) + " more" : "") + ")"
                    + (migrators.isEmpty() ? "" : ", " + migrators.size() + " of them most likely the migrator's")
                    + ": a migrator that was paused, frozen or cut off keeps its connections open, runs nothing, "
                    + "and resumes later");
            settleBy.add(new Advice.EndOrExcludeClients(connected.stream().map(SessionFinding::terminateCommand)
                    .distinct().limit(5).toList(), connected.size() > 5));
        }
        List<SessionFinding> blocking = window.sessions().stream()
                .filter(f -> f.effect() == SessionFinding.Effect.BLOCKING).toList();
        if (!blocking.isEmpty()) {
            reasons.add("other sessions used tables of this database during the window (" + blocking.get(0).session().who()
                    + " was " + blocking.get(0).why() + (blocking.size() > 1 ? ", and " + (blocking.size() - 1)
                    + " more" : "") + "), which could be a chunked data migration or servers still serving");
            settleBy.add(new Advice.StopServers(false));
        }
        WriteEvidence writes = window.writes();
        if (writes.unexplained() > 0) {
            reasons.add("the write counters of this database's tables rose by " + writes.unexplained()
                    + (writes.explained() > 0 ? " beyond the " + writes.explained() + " explained" : "")
                    + " during the window: something wrote, with statements too short to sample");
            if (blocking.isEmpty()) {
                settleBy.add(new Advice.StopServers(true));
            }
        }
        Age age = e.age();
        Duration atLeast = age.atLeast();
        if (!age.minimum().isZero() && atLeast.compareTo(age.minimum()) < 0) {
            Instant oldEnough = age.logAcquiredAt().orElse(age.databaseBound().takenNoLaterThan()).plus(age.minimum());
            reasons.add("the lock is only known to be at least " + Durations.format(atLeast) + " old, less than "
                    + terms.set(Setting.MIN_AGE, Durations.format(age.minimum())));
            settleBy.add(new Advice.WaitUntil(oldEnough));
            if (age.logAcquiredAt().isEmpty()) {
                settleBy.add(new Advice.GiveLog());
                settleBy.add(new Advice.GiveWriterZone());
            }
            settleBy.add(new Advice.DropMinimumAge());
        }
        if (!reasons.isEmpty()) {
            String reason = capitalize(reasons.get(0)) + (reasons.size() > 1
                    ? "; also " + String.join("; ", reasons.subList(1, reasons.size())) : "") + ".";
            return new Assessment(Verdict.UNCERTAIN, reason, evidence, distinct(settleBy));
        }
        long waiters = window.sessions().stream().filter(f -> f.effect() == SessionFinding.Effect.LOCK_WAITER
                && f.lockAttempts() > 0).count();
        return new Assessment(Verdict.STALE, "Nothing touched the lock or any table of this database during a "
                + Durations.format(window.observed()) + " window in which every session was visible, no client that "
                + "could be the migrator was connected, the history did not change, and the lock is at least "
                + Durations.format(atLeast) + " old: the migrator that took it is gone."
                + (waiters == 0 ? "" : " " + waiters + " session" + (waiters == 1 ? " is" : "s are") + " only waiting "
                        + "for the lock (retrying HAPI's lock INSERT) and will take it as soon as it is cleared.")
                + (lock.atStart().uuid().isPresent() ? "" : " The lock row '" + lock.atStart().description()
                        + "' was not written by HAPI (not a UUID): clear it by its exact description, never through "
                        + "CLEAR_LOCK_TABLE_WITH_DESCRIPTION."),
                evidence, List.of());
    }

    private List<Evidence> describe(LockEvidence e) {
        List<Evidence> out = new ArrayList<>();
        Window window = e.window();
        LockRow lock = e.lock().atStart();
        out.add(new Evidence(EvidenceKind.LOCK_ROW, "installed_rank = -100, description = " + lock.description()
                + ", installed_on = " + lock.installedOn() + ", installed_by = " + lock.installedBy(),
                lock.uuid().isPresent()
                        ? "The row HAPI's migrator inserts when it starts and deletes when it ends, even after a failed task."
                        : "A lock row of unknown origin: its description is not a UUID, so HAPI's migrator did not write "
                                + "it (Flyway's own lock row in a table Flyway created, or a row edited by hand). It is "
                                + "judged on the same evidence, but never exported: HAPI puts the value of "
                                + "CLEAR_LOCK_TABLE_WITH_DESCRIPTION into its SQL unquoted."));
        Age age = e.age();
        String ageDetail = "Taken no later than " + age.databaseBound().takenNoLaterThan() + " by installed_on ("
                + age.databaseBound().source() + "), measured on the database clock";
        ageDetail += age.logAcquiredAt().map(t -> "; the log shows it taken at " + t).orElse("") + ".";
        out.add(new Evidence(EvidenceKind.LOCK_AGE, "at least " + Durations.format(age.atLeast()), ageDetail));
        if (e.lock().released()) {
            out.add(new Evidence(EvidenceKind.LOCK_CHANGED, "gone", "The lock row was deleted during the window."));
        } else if (e.lock().replaced()) {
            out.add(new Evidence(EvidenceKind.LOCK_CHANGED, "now " + name(e.lock().atEnd()),
                    "A different lock row replaced the one seen at the start of the window."));
        }
        out.add(new Evidence(EvidenceKind.OBSERVE_WINDOW, Durations.format(window.observed()) + ", " + window.samples()
                + " samples", "Sessions and the history table were sampled about every 250 ms ("
                + terms.set(Setting.OBSERVE, Durations.format(window.requested())) + ")."));
        out.add(new Evidence(EvidenceKind.SESSIONS_OBSERVABLE, window.observability().observable() ? "yes" : "no",
                capitalize(window.observability().detail()) + "."));
        for (SessionFinding f : window.sessions()) {
            EvidenceKind kind = switch (f.effect()) {
                case ACTIVE -> EvidenceKind.ACTIVE_SESSION;
                case BLOCKING -> EvidenceKind.BLOCKING_SESSION;
                case CONNECTED -> EvidenceKind.CONNECTED_CLIENT;
                case LOCK_WAITER -> EvidenceKind.LOCK_WAITER;
                case EXCLUDED -> EvidenceKind.OPERATOR_ASSUMPTION;
            };
            String detail = capitalize(f.why()) + (f.effect() == SessionFinding.Effect.LOCK_WAITER
                    ? ". It proves that another session holds the lock, not that the holder lives; it does not rule "
                            + "STALE out" : "") + "; to end it: " + f.terminateCommand();
            out.add(new Evidence(kind, f.session().who() + (f.effect() == SessionFinding.Effect.LOCK_WAITER
                    && f.lockAttempts() > 0 ? ", " + f.lockAttempts() + " attempts" : ""), detail));
        }
        WriteEvidence writes = window.writes();
        if (writes.rise().isPresent()) {
            long rise = writes.rise().getAsLong();
            out.add(new Evidence(EvidenceKind.WRITE_COUNTERS, "+" + rise + (writes.explained() > 0
                    ? " (" + writes.explained() + " explained)" : ""),
                    "The database's write counters for its tables (rows inserted, updated and deleted where it counts "
                            + "rows, modifications where it counts only those), compared across the window."
                            + (writes.notes().isEmpty() ? "" : " " + String.join(" ", writes.notes()))));
        } else if (window.samples() > 0) {
            out.add(new Evidence(EvidenceKind.WRITE_COUNTERS, "not available",
                    "This database keeps no write counters: only writes caught by a sample or left uncommitted show."));
        }
        for (String change : window.historyChanges()) {
            out.add(new Evidence(EvidenceKind.HISTORY_PROGRESS, change,
                    "The history table was read at the start, at each sample and at the end of the window."));
        }
        Context context = e.context();
        for (String note : context.logNotes()) {
            out.add(new Evidence(EvidenceKind.LOG, note, "From the log files given with " + terms.name(Setting.LOG) + "."));
        }
        context.unverifiedDialect().ifPresent(product -> out.add(new Evidence(EvidenceKind.UNVERIFIED_DIALECT, product,
                "Not verified against a real " + product + " server.")));
        return out;
    }

    static String name(LockRow lock) {
        return lock.uuid().orElse("'" + lock.description() + "'");
    }

    /**
     * The advice once each, in order. Only advice of one kind can be equal, and only then is a record's
     * equals called: its first call is linked at run time, start-up time on every status run.
     */
    static List<Advice> distinct(List<Advice> advice) {
        List<Advice> once = new ArrayList<>(advice.size());
        for (Advice a : advice) {
            if (!containsEqual(once, a)) {
                once.add(a);
            }
        }
        return List.copyOf(once);
    }

    private static boolean containsEqual(List<Advice> advice, Advice wanted) {
        for (Advice a : advice) {
            if (a.getClass() == wanted.getClass() && a.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
