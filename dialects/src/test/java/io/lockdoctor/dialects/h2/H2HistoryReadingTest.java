package io.lockdoctor.dialects.h2;

import io.lockdoctor.dialects.HistoryReadingContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading HAPI's tables on H2 in its own mode. */
class H2HistoryReadingTest extends HistoryReadingContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Override
    protected DatabaseFixture fixture() {
        return h2;
    }

    @Override
    protected String dialectId() {
        return "h2";
    }

    @Override
    protected String schema() {
        return "PUBLIC";
    }

    @Override
    protected String createSecondSchema() {
        h2.execute("CREATE SCHEMA LD_SECOND");
        return "LD_SECOND";
    }

    @Override
    protected List<String> systemSchemas() {
        return List.of("INFORMATION_SCHEMA");
    }
}
