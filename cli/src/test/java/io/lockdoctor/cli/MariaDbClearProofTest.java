package io.lockdoctor.cli;

import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clear proof on the real MariaDB server, in a database of its own per test. HAPI's migrator
 * and the test write through {@code sql_mode=ANSI_QUOTES} pools, as HAPI needs; lockdoctor reads
 * through the URL without it, in the server's default mode.
 */
class MariaDbClearProofTest extends ClearProofContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return MariaDbSessions.clearDatabase(mariadb, workingDirectory);
    }

    @Override
    protected Set<Integer> racingLoserExitCodes() {
        // Without the performance schema (off by default) MariaDB shows no connection attributes, so
        // lockdoctor's sessions carry no visible tag, as on H2: the loser's observe window may catch
        // the winner's short transaction, as a session on the history table (ACTIVE), or its delete
        // in the server-wide write counters (UNCERTAIN). Every one of these deletes nothing.
        return Set.of(ExitCodes.NOTHING_FOUND, ExitCodes.ACTIVE, ExitCodes.UNCERTAIN);
    }
}
