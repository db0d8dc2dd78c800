package io.lockdoctor.cli;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Connections from the one JDBC driver a URL needs, without {@link DriverManager} where the URL's
 * prefix names a bundled driver: {@code DriverManager} (and a pool's driver lookup through it) loads
 * and initialises every bundled driver first, Oracle's and SQL Server's among them, which costs
 * more start-up time than the whole inspection of a small database.
 */
final class DriverDataSource extends PlainDataSource {
    private record Bundled(String prefix, String driverClass) {
    }

    private static final List<Bundled> BUNDLED = List.of(
            new Bundled("jdbc:postgresql:", "org.postgresql.Driver"),
            new Bundled("jdbc:h2:", "org.h2.Driver"),
            new Bundled("jdbc:mariadb:", "org.mariadb.jdbc.Driver"),
            new Bundled("jdbc:mysql:", "org.mariadb.jdbc.Driver"),
            new Bundled("jdbc:sqlserver:", "com.microsoft.sqlserver.jdbc.SQLServerDriver"),
            new Bundled("jdbc:oracle:", "oracle.jdbc.OracleDriver"));

    private final Driver driver;
    private final String url;
    private final Properties properties;

    /** @param properties driver properties for every connection (the user and password are added per call) */
    DriverDataSource(String url, Properties properties) throws SQLException {
        this.url = url;
        this.properties = properties;
        this.driver = driverFor(url);
    }

    /** The class of the bundled driver whose prefix the URL has, if any. */
    static Optional<String> bundledDriverClass(String url) {
        for (Bundled b : BUNDLED) {
            if (url.regionMatches(true, 0, b.prefix, 0, b.prefix.length())) {
                return Optional.of(b.driverClass);
            }
        }
        return Optional.empty();
    }

    /** The bundled driver the URL's prefix names when it takes the URL; otherwise whatever DriverManager finds. */
    private static Driver driverFor(String url) throws SQLException {
        Optional<String> bundled = bundledDriverClass(url);
        if (bundled.isPresent()) {
            try {
                Driver d = (Driver) Class.forName(bundled.get()).getDeclaredConstructor().newInstance();
                if (d.acceptsURL(url)) {
                    return d;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // not bundled in this build: let DriverManager look
            }
        }
        return DriverManager.getDriver(url);
    }

    /** The driver in use, e.g. to ask it whether it can parse the URL at all. */
    Driver driver() {
        return driver;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        Connection c = driver.connect(url, p);
        if (c == null) {
            throw new SQLException("No suitable driver", "08001");
        }
        return c;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds); // where drivers read it; does not load any driver
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }
}
