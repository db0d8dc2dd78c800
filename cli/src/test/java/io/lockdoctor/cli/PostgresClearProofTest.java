package io.lockdoctor.cli;

import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clear proof on the real PostgreSQL server, in a database of its own per test:
 * {@code pg_stat_activity} and the write counters are per database, so other runs sharing the
 * server stay out of lockdoctor's observe window.
 */
class PostgresClearProofTest extends ClearProofContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return PostgresSessions.clearDatabase(pg, workingDirectory);
    }
}
