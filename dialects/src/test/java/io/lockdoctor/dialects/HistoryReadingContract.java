package io.lockdoctor.dialects;

import static io.lockdoctor.fixtures.HapiMigratorHarness.CDR_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.taskdef.ExecuteRawSqlTask;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.HistoryQuery;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.TableSearch;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.FlywayShapedTable;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code status} and {@code history} read exactly what HAPI FHIR's real migrator wrote. Each
 * subclass binds this to one database through a fixture; every test gets a fresh namespace.
 *
 * <p>Searches use {@link #options(Optional)}: a server shared with other test runs may hold other
 * runs' tables, so assertions only look at this test's schemas.
 */
public abstract class HistoryReadingContract {
    private LocalDate testStartDay;

    protected abstract DatabaseFixture fixture();

    /** The dialect id the database must be detected as. */
    protected abstract String dialectId();

    /** The schema HAPI's migrator writes to through {@code fixture().dataSource()}, as the catalog spells it. */
    protected abstract String schema();

    /** Creates a second schema in the same database and returns its name as the catalog spells it. */
    protected abstract String createSecondSchema();

    /** Schemas that must never be listed as searched. */
    protected abstract List<String> systemSchemas();

    protected LockDoctor doctor() {
        return LockDoctor.builder(fixture().dataSource()).build();
    }

    protected DatabaseReport status() {
        // Reading only: no observe window, so a lock stays UNCERTAIN whatever its age.
        return doctor().status(InspectionOptions.defaults().withObserve(Duration.ZERO));
    }

    protected DatabaseReport status(Optional<String> schemaOption) {
        return doctor().status(new InspectionOptions(schemaOption, Set.of(), Optional.empty()).withObserve(Duration.ZERO));
    }

    protected CollectedHistory history(HistoryQuery query) {
        CollectedHistory collected = new CollectedHistory();
        doctor().history(Optional.empty(), EnumSet.allOf(KnownTable.class), query, collected);
        return collected;
    }

    protected HapiMigratorHarness hapi() {
        return fixture().hapiMigrator(HFJ_TABLE);
    }

    /** The report of {@code kind} found in {@code inSchema}; fails when there is none. */
    protected static TableReport table(DatabaseReport report, KnownTable kind, String inSchema) {
        return report.tables().stream()
                .filter(t -> t.table() == kind && inSchema.equals(t.schema()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " in " + inSchema + " not reported: " + report));
    }

    protected TableReport hfj(DatabaseReport report) {
        return table(report, KnownTable.FLY_HFJ_MIGRATION, schema());
    }

    /** HAPI writes its JVM's local day; a test running over midnight may see either day. */
    protected void assertWrittenToday(InstalledOn installedOn) {
        assertThat(installedOn.dayPrecise()).as("day-precise: %s", installedOn).isTrue();
        assertThat(installedOn.day()).isBetween(testStartDay, LocalDate.now());
        assertThat(installedOn.toString()).isEqualTo(installedOn.day().toString());
    }

    private void startClock() {
        testStartDay = LocalDate.now();
    }

    @Test
    void readsTasksAndTheTableCreatedRowAsHapiWroteThem() {
        startClock();
        HapiMigratorHarness hapi = hapi().createTable();
        ExecuteRawSqlTask first = sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)");
        hapi.migrate(first, sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));

        DatabaseReport report = status();
        TableReport hfj = hfj(report);
        assertThat(report.error()).isNull();
        assertThat(report.dialect()).isEqualTo(dialectId());
        assertThat(hfj.exists()).isTrue();
        assertThat(hfj.migrations()).isEqualTo(2);
        assertThat(hfj.latestVersion()).isEqualTo("8.6.1.20250101.2");
        assertThat(hfj.failedMigrations()).isEmpty();
        assertThat(hfj.lock()).isNull();
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(hfj.error()).isNull();

        CollectedHistory history = history(HistoryQuery.all());
        assertThat(history.rows(KnownTable.FLY_HFJ_MIGRATION, schema())).extracting(MigrationRow::installedRank)
                .containsExactly(-1, 1, 2);
        MigrationRow created = history.row(KnownTable.FLY_HFJ_MIGRATION, schema(), MigrationRow.TABLE_CREATED_RANK);
        assertThat(created.description()).isEqualTo(HapiMigratorHarness.TABLE_CREATED_DESCRIPTION);
        assertThat(created.type()).isEqualTo("TABLE");
        assertThat(created.version()).isNull();
        assertThat(created.success()).isTrue();
        assertWrittenToday(created.installedOn());
        MigrationRow task = history.row(KnownTable.FLY_HFJ_MIGRATION, schema(), 1);
        assertThat(task.version()).isEqualTo("8.6.1.20250101.1");
        assertThat(task.description()).isEqualTo("Execute raw sql");
        assertThat(task.type()).isEqualTo("JDBC");
        assertThat(task.script()).isEqualTo("HAPI FHIR");
        assertThat(task.checksum()).isEqualTo(first.hashCode());
        assertThat(task.installedBy()).isEqualTo(HapiMigratorHarness.installedBy()).matches("V\\d+_\\d+_\\d+");
        assertWrittenToday(task.installedOn());
        assertThat(task.executionTime()).isNotNegative();
        assertThat(task.success()).isTrue();
        assertThat(task.result()).isEqualTo("APPLIED");
        assertThat(task.isLock()).isFalse();
    }

    @Test
    void reportsAFailedTaskUntilItIsRetriedSuccessfully() {
        startClock();
        HapiMigratorHarness hapi = hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        hapi.recordFailedTask("20250101.2");

        TableReport failedOnce = hfj(status());
        assertThat(failedOnce.migrations()).isEqualTo(2);
        assertThat(failedOnce.latestVersion()).isEqualTo("8.6.1.20250101.1");
        assertThat(failedOnce.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(failedOnce.failedMigrations()).singleElement().satisfies(failed -> {
            assertThat(failed.installedRank()).isEqualTo(2);
            assertThat(failed.version()).isEqualTo("8.6.1.20250101.2");
            assertThat(failed.description()).isEqualTo("Execute raw sql");
            assertThat(failed.retriedSuccessfully()).isFalse();
            assertWrittenToday(failed.installedOn());
        });
        List<MigrationRow> failedRows = history(new HistoryQuery(0, true)).rows(KnownTable.FLY_HFJ_MIGRATION, schema());
        assertThat(failedRows).singleElement().satisfies(row -> {
            assertThat(row.installedRank()).isEqualTo(2);
            assertThat(row.success()).isFalse();
            assertThat(row.result()).isNull();
        });

        hapi.migrate(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));

        TableReport retried = hfj(status());
        assertThat(retried.latestVersion()).isEqualTo("8.6.1.20250101.2");
        assertThat(retried.failedMigrations()).extracting(FailedMigration::retriedSuccessfully).containsExactly(true);
    }

    @Test
    void readsTheLockACrashedMigratorLeftAsUncertain() {
        startClock();
        HapiMigratorHarness hapi = hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        String uuid = hapi.leaveCrashedLock();

        DatabaseReport report = status();
        TableReport hfj = hfj(report);
        assertThat(report.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).isNotBlank();
        assertThat(hfj.lock()).isNotNull();
        assertThat(hfj.lock().uuid()).contains(uuid);
        assertThat(hfj.lock().description()).isEqualTo(uuid);
        assertThat(hfj.lock().installedBy()).isEqualTo(HapiMigratorHarness.installedBy());
        assertWrittenToday(hfj.lock().installedOn());
        assertThat(hfj.lockAge()).isNotNull();
        assertThat(hfj.evidence()).extracting(e -> e.kind()).contains(EvidenceKind.LOCK_ROW);
        assertThat(hfj.migrations()).isEqualTo(1);

        MigrationRow lockRow = history(HistoryQuery.all()).row(KnownTable.FLY_HFJ_MIGRATION, schema(), MigrationRow.LOCK_RANK);
        assertThat(lockRow.isLock()).isTrue();
        assertThat(lockRow.description()).isEqualTo(uuid);
        assertThat(lockRow.version()).isNull();
        assertThat(lockRow.type()).isEqualTo("JDBC");
        assertThat(lockRow.script()).isEqualTo("HAPI FHIR");
        assertThat(lockRow.executionTime()).isZero();
        assertThat(lockRow.success()).isTrue();
    }

    @Test
    void readsTheSameUuidThatHapisBlockedMessageNames() {
        HapiMigratorHarness hapi = hapi().createTable();
        String uuid = hapi.leaveCrashedLock();

        String message = hapi.migrateExpectingBlocked();

        String read = hfj(status()).lock().uuid().orElseThrow();
        assertThat(read).isEqualTo(uuid);
        assertThat(message).startsWith("HAPI-2153: Unable to obtain table lock").endsWith("DESCRIPTION = " + read);
    }

    @Test
    void givesTheUuidInLowerCaseAndKeepsTheDescriptionAsStored() {
        hapi().createTable();
        String upper = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        hapi().leaveCrashedLock(upper);

        TableReport hfj = hfj(status());

        assertThat(hfj.lock().description()).isEqualTo(upper);
        assertThat(hfj.lock().uuid()).contains(upper.toLowerCase(Locale.ROOT));
    }

    @Test
    void readsNoLockOnceHapiClearedItWithTheDocumentedProperty() {
        HapiMigratorHarness hapi = hapi().createTable();
        String uuid = hapi.leaveCrashedLock();
        assertThat(hfj(status()).verdict()).isEqualTo(Verdict.UNCERTAIN);

        hapi.migrateClearingLock(uuid, sqlTask("20250101.1", "CREATE TABLE LD_AFTER (ID INT)"));

        TableReport hfj = hfj(status());
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(hfj.lock()).isNull();
        assertThat(hfj.latestVersion()).isEqualTo("8.6.1.20250101.1");
    }

    @Test
    void readsAFlywayShapedTableKeepingTheTimeOfDayFlywayWrote() {
        List<FlywayShapedTable.Row> written = fixture().flywayShapedTable(HFJ_TABLE).createWithSampleRows();

        List<MigrationRow> rows = history(HistoryQuery.all()).rows(KnownTable.FLY_HFJ_MIGRATION, schema());

        assertThat(rows).extracting(MigrationRow::installedRank).containsExactly(1, 2, 3, 4);
        for (int i = 0; i < written.size(); i++) {
            FlywayShapedTable.Row expected = written.get(i);
            MigrationRow row = rows.get(i);
            assertThat(row.version()).isEqualTo(expected.version());
            assertThat(row.description()).isEqualTo(expected.description());
            assertThat(row.type()).isEqualTo(expected.type());
            assertThat(row.checksum()).isEqualTo(expected.checksum());
            assertThat(row.success()).isEqualTo(expected.success());
            assertThat(row.result()).as("no result column").isNull();
            assertThat(row.installedOn().day()).isEqualTo(expected.installedOn().toLocalDate());
        }
        // Flyway's own rows carry a time of day; the HAPI-written one is midnight, so only a day.
        assertThat(rows.get(0).installedOn().time()).contains(written.get(0).installedOn());
        assertThat(rows.get(2).installedOn().toString()).isEqualTo("2021-11-30T23:59:59");
        assertThat(rows.get(3).installedOn().dayPrecise()).isTrue();
        assertThat(rows.get(3).installedOn().toString()).isEqualTo("2021-06-01");

        TableReport hfj = hfj(status());
        assertThat(hfj.migrations()).isEqualTo(4);
        assertThat(hfj.latestVersion()).isEqualTo("5.4.0.20210501.1");
        assertThat(hfj.failedMigrations()).singleElement().satisfies(failed -> {
            assertThat(failed.version()).isEqualTo("2021.11.1");
            assertThat(failed.installedOn().dayPrecise()).isFalse();
        });
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
    }

    @Test
    void readsAHapiLockInAFlywayShapedTableAsDayPrecise() {
        startClock();
        fixture().flywayShapedTable(HFJ_TABLE).createWithSampleRows();
        HapiMigratorHarness hapi = hapi().createTable();
        String uuid = hapi.leaveCrashedLock();

        TableReport hfj = hfj(status());

        assertThat(hfj.lock().uuid()).contains(uuid);
        // HAPI binds setDate even into a TIMESTAMP column: the lock reads midnight, so only its day is known.
        assertWrittenToday(hfj.lock().installedOn());
        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
    }

    @Test
    void readsBothTablesInOneDatabase() {
        hapi().createTable().leaveCrashedLock();
        fixture().hapiMigrator(CDR_TABLE).createTable()
                .migrate(sqlTask("20250101.1", "CREATE TABLE LD_CDR (ID INT)"));

        DatabaseReport report = status();
        TableReport cdr = table(report, KnownTable.FLY_CDR_MIGRATION, schema());
        TableReport hfj = hfj(report);
        assertThat(cdr.exists()).isTrue();
        assertThat(cdr.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(cdr.latestVersion()).isEqualTo("8.6.1.20250101.1");
        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(report.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(report.tables().indexOf(cdr)).as("tables in a stable order").isLessThan(report.tables().indexOf(hfj));

        CollectedHistory history = history(HistoryQuery.all());
        assertThat(history.rows(KnownTable.FLY_CDR_MIGRATION, schema())).extracting(MigrationRow::installedRank)
                .containsExactly(-1, 1);
        assertThat(history.rows(KnownTable.FLY_HFJ_MIGRATION, schema())).extracting(MigrationRow::installedRank)
                .containsExactly(-100, -1);
    }

    @Test
    void findsTablesInEverySchemaUnlessOneIsGiven() {
        String second = createSecondSchema();
        DataSource inSecond = fixture().dataSourceInSchema(second);
        hapi().createTable();
        String uuid = fixture().hapiMigrator(inSecond, HFJ_TABLE).createTable().leaveCrashedLock();

        DatabaseReport everywhere = status();
        assertThat(hfj(everywhere).verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(table(everywhere, KnownTable.FLY_HFJ_MIGRATION, second).lock().uuid()).contains(uuid);
        assertThat(everywhere.schemasSearched()).contains(schema(), second);

        DatabaseReport onlySecond = status(Optional.of(second));
        assertThat(onlySecond.schemasSearched()).containsExactly(second);
        assertThat(onlySecond.tables()).filteredOn(TableReport::exists).singleElement().satisfies(t -> {
            assertThat(t.schema()).isEqualTo(second);
            assertThat(t.table()).isEqualTo(KnownTable.FLY_HFJ_MIGRATION);
        });
        assertThat(onlySecond.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(status(Optional.of(schema())).verdict()).isEqualTo(Verdict.NO_LOCK);
    }

    @Test
    void listsTheUserSchemasSearchedAndNotTheSystemOnes() {
        DatabaseReport report = status();

        assertThat(report.schemasSearched()).contains(schema()).doesNotContainAnyElementsOf(systemSchemas());
    }

    @Test
    void saysWhenNoTableExistsInTheSchemasSearched() {
        fixture().execute("CREATE TABLE LD_UNRELATED (ID INT)");

        DatabaseReport report = status(Optional.of(schema()));

        assertThat(report.noTablesFound()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(report.schemasSearched()).containsExactly(schema());
        assertThat(report.tables()).extracting(TableReport::table)
                .containsExactly(KnownTable.FLY_CDR_MIGRATION, KnownTable.FLY_HFJ_MIGRATION);
        assertThat(report.tables()).noneMatch(TableReport::exists);

        CollectedHistory history = new CollectedHistory();
        TableSearch search = doctor().history(Optional.of(schema()), EnumSet.allOf(KnownTable.class),
                HistoryQuery.all(), history);
        assertThat(search.tables()).isEmpty();
        assertThat(search.schemasSearched()).containsExactly(schema());
        assertThat(history.tables()).isEmpty();
    }

    @Test
    void reportsATableLackingHistoryColumnsAsErrorNamingThem() {
        fixture().execute("CREATE TABLE \"FLY_HFJ_MIGRATION\" (\"installed_rank\" INTEGER NOT NULL, "
                + "\"description\" VARCHAR(200) NOT NULL)");

        DatabaseReport report = status(Optional.of(schema()));
        TableReport hfj = hfj(report);

        assertThat(report.error()).as("the database itself was inspected").isNull();
        assertThat(report.noTablesFound()).isFalse();
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(hfj.exists()).isTrue();
        assertThat(hfj.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(hfj.error()).contains("FLY_HFJ_MIGRATION")
                .contains("version", "type", "script", "checksum", "installed_by", "installed_on", "execution_time",
                        "success")
                .doesNotContain("result");
        assertThat(report.tables()).filteredOn(t -> t.table() == KnownTable.FLY_CDR_MIGRATION)
                .singleElement().satisfies(cdr -> assertThat(cdr.exists()).isFalse());
    }
}
