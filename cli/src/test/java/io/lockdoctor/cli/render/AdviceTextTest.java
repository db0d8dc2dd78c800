package io.lockdoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.model.Advice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settle-by advice reads exactly as the command line has always printed it. */
class AdviceTextTest {

    @Test
    void aYoungLockIsSettledByWaitingTheLogTheWriterZoneOrNoMinimumAge() {
        assertThat(AdviceText.settleBy(List.of(new Advice.WaitUntil(Instant.parse("2026-11-28T12:10:00Z")),
                new Advice.GiveLog(), new Advice.GiveWriterZone(), new Advice.DropMinimumAge()))).containsExactly(
                "wait until 2026-11-28T12:10:00Z and run again",
                "give the server log with --log: its 'Migration Lock Row added' line dates the lock exactly",
                "give --writer-zone with the time zone of the HAPI FHIR / Smile CDR JVMs",
                "use --min-age 0s if you know that no migrator has run since the lock was taken");
    }

    @Test
    void windowAdviceNamesTheObserveOption() {
        assertThat(AdviceText.settleBy(new Advice.ObserveLonger(Duration.ofSeconds(10))))
                .isEqualTo("run again with --observe 10s or longer");
        assertThat(AdviceText.settleBy(new Advice.LetWindowFinish()))
                .isEqualTo("run again and let the observe window run to its end");
        assertThat(AdviceText.settleBy(new Advice.CheckByHand(true)))
                .isEqualTo("check on the database server by hand that no session is migrating, then use --force");
        assertThat(AdviceText.settleBy(new Advice.CheckByHand(false)))
                .isEqualTo("check on the database server by hand that no session is migrating");
    }

    @Test
    void connectedClientsAreNamedWithTheirEndCommandsAndTheExclusionOption() {
        assertThat(AdviceText.settleBy(new Advice.EndOrExcludeClients(List.of("SELECT pg_terminate_backend(7);",
                "KILL 8"), true))).isEqualTo("find out what each connected session is; stop its server or end it "
                + "(SELECT pg_terminate_backend(7); KILL 8 ...), or, for a client you know is no migrator (a monitoring "
                + "agent), exclude it with --exclude-client user=U,application=A,host=H; then run again");
    }

    @Test
    void serversAreStoppedForTheirWorkOrTheirWrites() {
        assertThat(AdviceText.settleBy(new Advice.StopServers(false))).isEqualTo("stop the Smile CDR / HAPI FHIR "
                + "servers using this database, or wait for their work to end, and run again");
        assertThat(AdviceText.settleBy(new Advice.StopServers(true))).isEqualTo("stop the Smile CDR / HAPI FHIR "
                + "servers using this database, or wait for their writes to end, and run again");
    }

    @Test
    void aDialectsOwnWordsArePrintedAsTheyAre() {
        assertThat(AdviceText.settleBy(new Advice.InWords("connect to the primary server")))
                .isEqualTo("connect to the primary server");
    }
}
