package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void verdictsMapToTheContractCodes() {
        assertThat(ExitCodes.forVerdict(Verdict.NO_LOCK)).isZero();
        assertThat(ExitCodes.forVerdict(Verdict.ERROR)).isEqualTo(1);
        assertThat(ExitCodes.forVerdict(Verdict.STALE)).isEqualTo(3);
        assertThat(ExitCodes.forVerdict(Verdict.ACTIVE)).isEqualTo(4);
        assertThat(ExitCodes.forVerdict(Verdict.UNCERTAIN)).isEqualTo(5);
    }

    @Test
    void anErrorInOneDatabaseOutranksEverything() {
        DatabaseReport down = DatabaseReport.failed("audit", "jdbc:postgresql://x/y", "refused");
        DatabaseReport empty = new DatabaseReport(null, "jdbc:h2:mem:x", "H2", "h2", null, List.of("PUBLIC"), List.of());
        assertThat(ExitCodes.forReports(List.of(empty, down))).isEqualTo(1);
        assertThat(ExitCodes.forReports(List.of(empty))).isEqualTo(6);
    }

    @Test
    void exceptionsMapToErrorOrUsage() {
        ExitCodes codes = new ExitCodes();
        assertThat(codes.getExitCode(new InvalidInputException("bad uuid"))).isEqualTo(2);
        assertThat(codes.getExitCode(new LockDoctorException("db down"))).isEqualTo(1);
        assertThat(codes.getExitCode(new IllegalStateException())).isEqualTo(1);
    }
}
