package io.lockdoctor.dialects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.UnsupportedDatabaseException;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.DialectRegistry;
import io.lockdoctor.fixtures.H2Fixture;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every dialect on the class path, found as lockdoctor finds them: from the JDBC URL before
 * connecting, from what the driver's metadata reports after (product names and versions as the
 * real drivers report them).
 */
class DialectDetectionTest {
    private final DialectRegistry registry = DialectRegistry.discover();

    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "MariaDB | 10.11.19-MariaDB-0+deb12u1 | mariadb",
        "MySQL | 5.5.5-10.11.19-MariaDB-0+deb12u1 | mariadb",
        "MySQL | 8.0.36 | mysql",
        "MySQL | 5.7.44-log | mysql",
        "Microsoft SQL Server | 16.00.4135 | sqlserver",
        "Oracle | Oracle Database 23ai Free Release 23.0.0.0.0 - Develop, Learn, and Run for Free | oracle",
        "PostgreSQL | 15.4 | postgresql",
        "PostgreSQL | 15.4 (Debian 15.4-1.pgdg120+1) | postgresql",
        "PostgreSQL | 9.6.24 | postgresql",
        "PostgreSQL | 13.0.0 | cockroachdb",
        "H2 | 2.3.232 (2024-08-11) | h2",
    })
    void detectsFromWhatTheDriversMetadataReports(String product, String version, String expected) {
        assertThat(registry.byProduct(product, version).id()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:mariadb://db:3306/cdr | mariadb",
        "jdbc:mysql://db:3306/cdr | mysql",
        "jdbc:sqlserver://db:1433;databaseName=cdr | sqlserver",
        "jdbc:oracle:thin:@//db:1521/FREEPDB1 | oracle",
        "jdbc:postgresql://db:5432/cdr | postgresql",
        "jdbc:h2:mem:x | h2",
    })
    void detectsFromTheUrlBeforeConnecting(String url, String expected) {
        assertThat(registry.byUrl(url)).map(Dialect::id).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"POSTGRES_9_4, postgresql", "COCKROACHDB_21_1, cockroachdb", "MARIADB_10_1, mariadb",
            "MYSQL_5_7, mysql", "MSSQL_2012, sqlserver", "ORACLE_12C, oracle", "H2_EMBEDDED, h2"})
    void eachSmileDriverIsReadByOneDialect(String driver, String expected) {
        assertThat(registry.bySmileDriver(driver)).map(Dialect::id).contains(expected);
    }

    @Test
    void derbyIsReadByNoDialect() {
        assertThat(registry.bySmileDriver("DERBY_EMBEDDED")).isEmpty();
        assertThat(java.util.Arrays.stream(io.lockdoctor.core.config.SmileDriver.values())
                .filter(d -> registry.bySmileDriver(d.name()).isEmpty()))
                .containsExactly(io.lockdoctor.core.config.SmileDriver.DERBY_EMBEDDED);
    }

    @Test
    void onlyTheDatabasesRunHereAreVerified() {
        Map<String, Boolean> verified = Map.of("postgresql", true, "h2", true, "mariadb", true, "mysql", false,
                "sqlserver", false, "oracle", false, "cockroachdb", false);
        assertThat(registry.dialects()).extracting(Dialect::id).containsExactlyInAnyOrderElementsOf(verified.keySet());
        registry.dialects().forEach(d -> assertThat(d.verifiedAgainstRealServer()).as(d.id()).isEqualTo(verified.get(d.id())));
    }

    @Test
    void anUnknownProductIsNamedWithTheSupportedOnes() {
        assertThatThrownBy(() -> registry.byProduct("Informix Dynamic Server", "14.10.FC9"))
                .isInstanceOf(UnsupportedDatabaseException.class)
                .hasMessageContaining("'Informix Dynamic Server 14.10.FC9', which lockdoctor does not support")
                .hasMessageContaining("MariaDB").hasMessageContaining("SQL Server").hasMessageContaining("Oracle")
                .hasMessageContaining("CockroachDB");
    }

    /** End to end: a connection whose driver reports a product no dialect accepts is an ERROR report naming it. */
    @Test
    void statusOnAnUnknownProductIsAnErrorNamingIt() {
        DataSource informix = reportingProduct(h2.dataSource(), "Informix Dynamic Server", "14.10.FC9");

        DatabaseReport report = LockDoctor.builder(informix).build().status(InspectionOptions.defaults());

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error()).contains("'Informix Dynamic Server 14.10.FC9', which lockdoctor does not support");
    }

    /** {@code dataSource} with its metadata claiming another product. */
    private static DataSource reportingProduct(DataSource dataSource, String product, String version) {
        InvocationHandler source = (proxy, method, args) -> {
            Object result = invoke(dataSource, method, args);
            return result instanceof Connection connection ? connection(connection, product, version) : result;
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                source);
    }

    private static Connection connection(Connection real, String product, String version) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof DatabaseMetaData metaData) {
                        return Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                                new Class<?>[] {DatabaseMetaData.class}, (p, m, a) -> switch (m.getName()) {
                                    case "getDatabaseProductName" -> product;
                                    case "getDatabaseProductVersion" -> version;
                                    case "getConnection" -> proxy;
                                    default -> invoke(metaData, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
