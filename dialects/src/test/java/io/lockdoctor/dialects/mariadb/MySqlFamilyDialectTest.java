package io.lockdoctor.dialects.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact statements of the MariaDB and MySQL dialects. */
class MySqlFamilyDialectTest {
    private final MariaDbDialect mariadb = new MariaDbDialect();
    private final MySqlDialect mysql = new MySqlDialect();
    private final SessionSettings settings = SessionSettings.withTimeout(Duration.ofMillis(7500));

    @Test
    void quotesWithBackticksWhateverTheSqlMode() {
        assertThat(mariadb.qualify("cdr", "FLY_CDR_MIGRATION")).isEqualTo("`cdr`.`FLY_CDR_MIGRATION`");
        assertThat(mysql.quote("installed_rank")).isEqualTo("`installed_rank`");
        assertThatThrownBy(() -> mariadb.quote("a`b")).isInstanceOf(InvalidInputException.class);
        assertThat(mariadb.namespacesAreCatalogs()).isTrue();
        assertThat(List.of("mysql", "INFORMATION_SCHEMA", "performance_schema", "sys")).allMatch(mariadb::isSystemSchema);
        assertThat(mariadb.isSystemSchema("cdr")).isFalse();
    }

    @Test
    void boundsEverySessionOnMariaDb() {
        // Statements: the JDBC query timeout, which MariaDB's driver sends as SET STATEMENT max_statement_time.
        assertThat(mariadb.sessionSetup(settings)).containsExactly(
                "SET SESSION innodb_lock_wait_timeout = 7",
                "SET SESSION lock_wait_timeout = 7");
        assertThat(mariadb.sessionReset()).containsExactly(
                "SET SESSION innodb_lock_wait_timeout = DEFAULT",
                "SET SESSION lock_wait_timeout = DEFAULT");
        assertThat(mariadb.connectionProperties(settings)).containsExactly(
                java.util.Map.entry("connectTimeout", "7500"),
                java.util.Map.entry("socketTimeout", "12500"),
                java.util.Map.entry("connectionAttributes", "program_name:lockdoctor"));
    }

    @Test
    void boundsEverySessionOnMySql() {
        assertThat(mysql.sessionSetup(settings)).containsExactly(
                "SET SESSION innodb_lock_wait_timeout = 7",
                "SET SESSION lock_wait_timeout = 7",
                "SET SESSION max_execution_time = 7500");
        assertThat(mysql.sessionReset()).last().isEqualTo("SET SESSION max_execution_time = DEFAULT");
    }

    @Test
    void clearsWithABoundedRowLock() {
        Duration wait = Duration.ofMillis(1500);
        assertThat(mariadb.clearTransactionSetup(wait)).containsExactly(
                "SET SESSION innodb_lock_wait_timeout = 2",
                "SET SESSION lock_wait_timeout = 2");
        assertThat(mariadb.selectForUpdate("`cdr`.`FLY_HFJ_MIGRATION`", "`description`", "`installed_rank` = -100", wait))
                .isEqualTo("SELECT `description` FROM `cdr`.`FLY_HFJ_MIGRATION` WHERE `installed_rank` = -100 FOR UPDATE WAIT 2");
        assertThat(mysql.selectForUpdate("`t`", "`c`", "1 = 1", wait)).isEqualTo("SELECT `c` FROM `t` WHERE 1 = 1 FOR UPDATE");
        assertThat(mysql.clearTransactionSetup(Duration.ofMillis(200))).containsExactly(
                "SET SESSION innodb_lock_wait_timeout = 1",
                "SET SESSION lock_wait_timeout = 1",
                "SET SESSION max_execution_time = 2000");
    }

    @Test
    void writesRestoreLiteralsForBitColumns() {
        assertThat(mariadb.booleanLiteral(true)).isEqualTo("1");
        assertThat(mariadb.booleanLiteral(false)).isEqualTo("0");
        assertThat(mariadb.dateLiteral(LocalDate.of(2025, 1, 31))).isEqualTo("DATE '2025-01-31'");
        assertThat(mariadb.currentTimeQuery()).isEqualTo("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')");
    }

    @Test
    void countsOnlySessionsThatUseTheLockedDatabases() {
        SessionActivity elsewhere = session("CREATE TABLE x AS SELECT 1", List.of());
        SessionActivity qualified = session("INSERT INTO `CDR`.HFJ_RESOURCE VALUES (1)", List.of());
        SessionActivity locking = session(null, List.of(new RelationLock("cdr", "HFJ_RESOURCE", "MDL_SHARED_WRITE", true)));

        assertThat(new MySqlFamilySessionObserver.Thread(elsewhere, "cdr").concerns(List.of("cdr"))).isTrue();
        assertThat(new MySqlFamilySessionObserver.Thread(elsewhere, "other").concerns(List.of("cdr"))).isFalse();
        assertThat(new MySqlFamilySessionObserver.Thread(elsewhere, null).concerns(List.of("cdr"))).isFalse();
        assertThat(new MySqlFamilySessionObserver.Thread(qualified, "other").concerns(List.of("cdr"))).isTrue();
        assertThat(new MySqlFamilySessionObserver.Thread(locking, "other").concerns(List.of("cdr"))).isTrue();
    }

    @Test
    void namesTheGrantAndTheKill() {
        assertThat(MySqlFamilySessionObserver.grantee("ld_reader@%")).isEqualTo("'ld_reader'@'%'");
        assertThat(new MySqlFamilySessionObserver(MySqlFamilyDialect.Flavor.MARIADB, true)
                .terminateCommand(session("SELECT 1", List.of()))).isEqualTo("KILL 42;");
    }

    private static SessionActivity session(String statement, List<RelationLock> locks) {
        return new SessionActivity("42", "app", "10.0.0.5:50000", null, null, null, statement != null, false, false,
                true, statement, locks);
    }

    @Test
    void mySqlUrlsCarryWhatLetsTheBundledMariaDbDriverTakeThem() {
        assertThat(mysql.connectionUrl("jdbc:mysql://db:3306/cdr")).isEqualTo("jdbc:mysql://db:3306/cdr?permitMysqlScheme");
        assertThat(mysql.connectionUrl("jdbc:mysql://db/cdr?useSSL=false"))
                .isEqualTo("jdbc:mysql://db/cdr?useSSL=false&permitMysqlScheme");
        assertThat(mysql.connectionUrl("jdbc:mysql://db/cdr?")).isEqualTo("jdbc:mysql://db/cdr?permitMysqlScheme");
        assertThat(mysql.connectionUrl("jdbc:mysql://db/cdr?permitMysqlScheme=true"))
                .isEqualTo("jdbc:mysql://db/cdr?permitMysqlScheme=true");
        assertThat(mariadb.connectionUrl("jdbc:mariadb://db/cdr")).isEqualTo("jdbc:mariadb://db/cdr");
    }

    @Test
    void theBundledDriverAcceptsMySqlUrlsOnlyThatWay() throws java.sql.SQLException {
        String url = "jdbc:mysql://db:3306/cdr";
        assertThat(java.util.Collections.list(java.sql.DriverManager.getDrivers()))
                .noneMatch(d -> acceptsQuietly(d, url));
        assertThat(java.sql.DriverManager.getDriver(mysql.connectionUrl(url)).getClass().getName())
                .isEqualTo("org.mariadb.jdbc.Driver");
    }

    private static boolean acceptsQuietly(java.sql.Driver driver, String url) {
        try {
            return driver.acceptsURL(url);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
