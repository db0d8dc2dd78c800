package io.lockdoctor.dialects.mariadb;

import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.dialects.SafetyRuleEvidenceContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The probe and history-progress rules on the real MariaDB server, a database of its own per test. */
class MariaDbSafetyRuleEvidenceTest extends SafetyRuleEvidenceContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected DatabaseFixture fixture() {
        return mariadb;
    }

    @Override
    protected InspectionOptions options() {
        return new InspectionOptions(Optional.of(mariadb.database()), Set.of(), Optional.empty());
    }

    /** MariaDB ends a closed connection's thread at once; a short pause lets the process list catch up. */
    @Override
    protected void awaitGone() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(300);
    }
}
