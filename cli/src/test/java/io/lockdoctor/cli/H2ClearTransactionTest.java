package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.H2Fixture;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clearing transaction under races on embedded H2. */
class H2ClearTransactionTest extends ClearTransactionContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return new ClearDatabase(h2, "PUBLIC", workingDirectory, () -> { });
    }

    @Override
    protected void awaitASessionWaitingForALock() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.rows("SELECT COUNT(*) AS N FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL").get(0)
                .get("N").toString().equals("0")) {
            assertThat(System.nanoTime()).as("a session waiting for a lock").isLessThan(deadline);
            ClearProofContract.sleep(10);
        }
    }

    @Override
    protected boolean racingClearsSeeEachOther() {
        return true;
    }

    /** H2 keeps user names in upper case. */
    @Override
    protected String userAsShown() {
        return h2.user().toUpperCase(java.util.Locale.ROOT);
    }
}
