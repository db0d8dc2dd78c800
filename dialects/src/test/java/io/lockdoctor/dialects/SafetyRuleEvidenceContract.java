package io.lockdoctor.dialects;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MigratorPause;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two rules of the observe window that only a real database and HAPI's real migrator can show
 * broken: the probe session must be seen before sessions count as observable, and a history row
 * committed during the window makes the lock ACTIVE even when nothing was caught running. Each
 * subclass binds it to one database.
 */
public abstract class SafetyRuleEvidenceContract {
    protected static final Duration WINDOW = Duration.ofSeconds(3);

    protected abstract DatabaseFixture fixture();

    /** Where lockdoctor looks (MariaDB: only this test's database of a shared server). */
    protected InspectionOptions options() {
        return InspectionOptions.defaults();
    }

    /** Waits until the sessions of a closed pool have left the database. */
    protected abstract void awaitGone() throws InterruptedException;

    private HikariDataSource lockdoctorPool;

    @AfterEach
    void closePool() {
        if (lockdoctorPool != null) {
            lockdoctorPool.close();
        }
    }

    private LockDoctor lockdoctor(Optional<Dialect> dialect) {
        lockdoctorPool = fixture().newFixedPool(4, config -> config.setMinimumIdle(0));
        LockDoctor.Builder builder = LockDoctor.builder(lockdoctorPool).privatePool(true);
        dialect.ifPresent(builder::dialect);
        return builder.build();
    }

    private TableReport hfj(LockDoctor doctor) {
        return doctor.status(options().withObserve(WINDOW).withMinAge(Duration.ZERO)).tables().stream()
                .filter(t -> t.table() == KnownTable.FLY_HFJ_MIGRATION).filter(TableReport::exists)
                .findFirst().orElseThrow();
    }

    private static List<Evidence> evidence(TableReport report, EvidenceKind kind) {
        return report.evidence().stream().filter(e -> e.kind() == kind).toList();
    }

    /** A crashed migrator's lock, written through a pool closed (and gone) before lockdoctor looks. */
    private String staleLock() throws InterruptedException {
        try (HikariDataSource scene = fixture().newFixedPool(1, c -> { })) {
            HapiMigratorHarness hapi = fixture().hapiMigrator(scene, HFJ_TABLE).createTable();
            hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_DONE (ID INT)"));
            return hapi.leaveCrashedLock();
        } finally {
            awaitGone();
        }
    }

    @Test
    void theSameStaleLockIsStaleWhenTheProbeIsSeen() throws Exception {
        staleLock();

        TableReport report = hfj(lockdoctor(Optional.empty()));

        assertThat(evidence(report, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement().satisfies(e -> {
            assertThat(e.observed()).isEqualTo("yes");
            assertThat(e.detail()).contains("a probe session (id ").contains(") was seen");
        });
    }

    /**
     * A session list that leaves out some sessions (a proxy in between, a filtered view) shows the
     * privilege and looks complete; only the probe, a second lockdoctor session that must show in
     * it, tells. Here the view hides every session whose id lockdoctor asks for, the probe among them.
     */
    @Test
    void aSessionViewThatHidesTheProbeIsNeverObservableNorStale() throws Exception {
        staleLock();
        Dialect real = lockdoctor(Optional.empty()).dialect();
        closePool();

        TableReport report = hfj(lockdoctor(Optional.of(hidingAskedSessions(real))));

        assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(report.reason()).contains("Other sessions are not observable").contains("did not show in the session list");
        assertThat(evidence(report, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement()
                .satisfies(e -> assertThat(e.observed()).isEqualTo("no"));
    }

    /**
     * HAPI's migrator holds its lock and records a task while the window runs: one short INSERT a
     * sample rarely catches, and then idle pooled connections. The history row is what proves the
     * migration alive.
     */
    @Test
    void aTaskRowCommittedDuringTheWindowWhileTheLockStaysIsActive() throws Exception {
        try (HikariDataSource pool = fixture().newFixedPool(2, c -> { })) {
            HapiMigratorHarness hapi = fixture().hapiMigrator(pool, HFJ_TABLE).createTable();
            MigratorPause first = new MigratorPause(Duration.ofSeconds(60));
            MigratorPause second = new MigratorPause(Duration.ofSeconds(60));
            CompletableFuture<MigrationResult> migration = hapi.migrateInBackground(first.task("20250101.1"),
                    second.task("20250101.2"));
            first.awaitPaused(Duration.ofSeconds(30));
            String lock = hapi.lockDescription().orElseThrow();

            CompletableFuture<TableReport> report = CompletableFuture.supplyAsync(() -> hfj(lockdoctor(Optional.empty())));
            TimeUnit.MILLISECONDS.sleep(WINDOW.toMillis() / 2);
            first.resume();
            second.awaitPaused(Duration.ofSeconds(30));
            TableReport hfj;
            try {
                hfj = report.get(60, TimeUnit.SECONDS);
            } finally {
                second.resume();
            }

            assertThat(hfj.lock().description()).as("the lock stayed").isEqualTo(lock);
            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.ACTIVE);
            assertThat(evidence(hfj, EvidenceKind.HISTORY_PROGRESS)).as(hfj.reason()).isNotEmpty();
            assertThat(migration.get(60, TimeUnit.SECONDS).succeededTasks).hasSize(2);
        }
    }

    /** {@code real}, except that its session list leaves out every session whose id was asked for. */
    private static Dialect hidingAskedSessions(Dialect real) {
        SessionObserver observer = real.sessionObserver().orElseThrow();
        Set<String> asked = ConcurrentHashMap.newKeySet();
        SessionObserver hiding = proxy(SessionObserver.class, observer, (method, result, args) -> {
            if (method.getName().equals("sessionId")) {
                asked.add((String) result);
            } else if (method.getName().equals("sample")) {
                return ((List<?>) result).stream().map(SessionActivity.class::cast)
                        .filter(a -> !asked.contains(a.id())).toList();
            }
            return result;
        });
        return proxy(Dialect.class, real, (method, result, args) ->
                method.getName().equals("sessionObserver") ? Optional.of(hiding) : result);
    }

    private interface After {
        Object apply(Method method, Object result, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(SafetyRuleEvidenceContract.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    try {
                        return after.apply(method, method.invoke(target, args), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
