package io.lockdoctor.cli.wait;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitProgressTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private final StringWriter text = new StringWriter();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static WaitSnapshot active(long migrations, String statement) {
        return new WaitSnapshot(Verdict.ACTIVE, List.of("FLY_HFJ_MIGRATION 0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f"),
                migrations, "8.6.1.20250101.1", statement, null);
    }

    @Test
    void withoutATerminalOneLinePerChangeAndAHeartbeat() {
        WaitProgress progress = new WaitProgress(new PrintWriter(text, true), clock, false, Duration.ofMinutes(1));

        progress.seen(active(5, "CREATE INDEX IDX_A ON HFJ_RESOURCE(RES_ID)"));
        now = T0.plusSeconds(30);
        progress.seen(active(5, "CREATE INDEX IDX_A ON HFJ_RESOURCE(RES_ID)"));
        now = T0.plusSeconds(45);
        progress.seen(active(6, "CREATE INDEX IDX_B ON HFJ_RESOURCE(RES_ID)"));
        now = T0.plusSeconds(90);
        progress.seen(active(6, "CREATE INDEX IDX_B ON HFJ_RESOURCE(RES_ID)"));
        now = T0.plusSeconds(106);
        progress.seen(active(6, "CREATE INDEX IDX_B ON HFJ_RESOURCE(RES_ID)"));

        assertThat(text.toString().lines()).containsExactly(
                "2026-11-30T10:00:00Z lockdoctor wait: waiting 0s | ACTIVE | lock FLY_HFJ_MIGRATION "
                        + "0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f seen for 0s | +0 history rows applied | latest "
                        + "8.6.1.20250101.1 | migrator running: CREATE INDEX IDX_A ON HFJ_RESOURCE(RES_ID)",
                "2026-11-30T10:00:45Z lockdoctor wait: waiting 45s | ACTIVE | lock FLY_HFJ_MIGRATION "
                        + "0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f seen for 45s | +1 history rows applied | latest "
                        + "8.6.1.20250101.1 | migrator running: CREATE INDEX IDX_B ON HFJ_RESOURCE(RES_ID)",
                "2026-11-30T10:01:46Z lockdoctor wait: still waiting: waiting 1m46s | ACTIVE | lock FLY_HFJ_MIGRATION "
                        + "0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f seen for 1m46s | +1 history rows applied | latest "
                        + "8.6.1.20250101.1 | migrator running: CREATE INDEX IDX_B ON HFJ_RESOURCE(RES_ID)");
    }

    @Test
    void onATerminalOneLineRedrawnThenTheLastLineOnItsOwn() {
        WaitProgress progress = new WaitProgress(new PrintWriter(text, true), clock, true, Duration.ofMinutes(1));

        progress.seen(active(5, null));
        now = T0.plusSeconds(2);
        progress.seen(active(5, null));
        progress.finish("free to start after 2s: no migration lock is held.");

        assertThat(text.toString()).startsWith("waiting 0s | ACTIVE |")
                .contains("\r\033[Kwaiting 2s | ACTIVE |")
                .endsWith("\r\033[K2026-11-30T10:00:02Z lockdoctor wait: free to start after 2s: no migration lock "
                        + "is held." + System.lineSeparator());
    }

    @Test
    void databaseTextReachesTheTerminalWithoutControlCharacters() {
        String hostile = "CREATE TABLE X\n\tAS SELECT 1 \u001b[2J\u0007FROM Y";

        assertThat(WaitSnapshot.oneLine(hostile)).isEqualTo("CREATE TABLE X AS SELECT 1 [2J FROM Y");
        assertThat(WaitSnapshot.oneLine("SELECT " + "x".repeat(200))).hasSize(80).endsWith("...");
    }
}
