package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryFingerprintTest {
    private static final HistoryFingerprint FOUR_ROWS = new HistoryFingerprint(4, 4, 1200, 4);

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("nothing changed", FOUR_ROWS, new HistoryFingerprint(4, 4, 1200, 4), List.of()),
                Arguments.of("a task row added", FOUR_ROWS, new HistoryFingerprint(5, 5, 1300, 5),
                        List.of("1 rows added (4 -> 5)", "highest installed_rank 4 -> 5")),
                Arguments.of("a failed task row added", FOUR_ROWS, new HistoryFingerprint(5, 5, 1200, 4),
                        List.of("1 rows added (4 -> 5)", "highest installed_rank 4 -> 5")),
                Arguments.of("rows removed", FOUR_ROWS, new HistoryFingerprint(2, 2, 600, 2),
                        List.of("2 rows removed (4 -> 2)", "highest installed_rank 4 -> 2")),
                Arguments.of("a row removed in the middle", FOUR_ROWS, new HistoryFingerprint(3, 4, 900, 3),
                        List.of("1 rows removed (4 -> 3)")),
                Arguments.of("one removed, one added: same count", FOUR_ROWS, new HistoryFingerprint(4, 6, 1200, 4),
                        List.of("highest installed_rank 4 -> 6")),
                Arguments.of("execution time rewritten", FOUR_ROWS, new HistoryFingerprint(4, 4, 1500, 4),
                        List.of("existing rows changed (execution_time or success)")),
                Arguments.of("a failed row marked successful", FOUR_ROWS, new HistoryFingerprint(4, 4, 1200, 3),
                        List.of("existing rows changed (execution_time or success)")),
                Arguments.of("first row of an empty table", new HistoryFingerprint(0, null, 0, 0),
                        new HistoryFingerprint(1, -1, 0, 1), List.of("1 rows added (0 -> 1)",
                                "highest installed_rank null -> -1")),
                Arguments.of("empty stays empty", new HistoryFingerprint(0, null, 0, 0),
                        new HistoryFingerprint(0, null, 0, 0), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void describesWhatChanged(String name, HistoryFingerprint before, HistoryFingerprint after, List<String> expected) {
        assertThat(after.changesSince(before)).containsExactlyElementsOf(expected);
    }
}
