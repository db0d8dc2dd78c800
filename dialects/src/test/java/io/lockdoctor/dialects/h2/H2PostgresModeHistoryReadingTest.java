package io.lockdoctor.dialects.h2;

import io.lockdoctor.dialects.HistoryReadingContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.H2Mode;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading HAPI's tables on H2 in PostgreSQL mode, as HAPI starter users often run it. */
class H2PostgresModeHistoryReadingTest extends HistoryReadingContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory(H2Mode.POSTGRESQL);

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
        return List.of("INFORMATION_SCHEMA", "PG_CATALOG");
    }
}
