package io.lockdoctor.cli;

import io.lockdoctor.fixtures.H2Fixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clear proof on embedded H2, each test in its own in-memory database that the CLI opens by URL. */
class H2ClearProofTest extends ClearProofContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return new ClearDatabase(h2, "PUBLIC", workingDirectory, () -> { });
    }

    @Override
    protected Set<Integer> racingLoserExitCodes() {
        // H2 sessions carry no tag: the loser may see the winner's transaction in its own observe
        // window, as a session on the history table (ACTIVE) or with uncommitted writes (UNCERTAIN).
        // Every one of these deletes nothing, which is what matters.
        return Set.of(ExitCodes.NOTHING_FOUND, ExitCodes.ACTIVE, ExitCodes.UNCERTAIN);
    }

    @Override
    protected List<String> racingRunsExcludeEachOther() {
        return List.of("--exclude-client", "user=SA");
    }
}
