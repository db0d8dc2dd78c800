package io.lockdoctor.cli;

import io.lockdoctor.cli.demo.DemoInstallation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** H2 file databases with HAPI's history table, closed again so that lockdoctor sees no other session. */
final class H2Files {
    static final String LOCK_UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    private H2Files() {
    }

    /**
     * A new database in {@code dir}; with a lock row dated by the SQL expression {@code lockDate}
     * (e.g. {@code CURRENT_DATE - 3}) unless it is null. Returns its URL.
     */
    static String withLock(Path dir, String lockDate) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdr-" + System.nanoTime());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String sql : DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            if (lockDate != null) {
                s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + LOCK_UUID + "', "
                        + "'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', " + lockDate + ", 0, TRUE, NULL)");
            }
        }
        return url;
    }
}
