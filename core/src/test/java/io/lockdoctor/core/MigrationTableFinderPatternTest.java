package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog pattern that finds every wanted table of one spelling in one call. */
class MigrationTableFinderPatternTest {

    @Test
    void bothKnownTablesShareOnePatternWithTheirCommonEnds() {
        assertThat(MigrationTableFinder.commonPattern(List.of("FLY_CDR_MIGRATION", "FLY_HFJ_MIGRATION"), "\\"))
                .isEqualTo("FLY\\_%\\_MIGRATION");
        assertThat(MigrationTableFinder.commonPattern(List.of("fly_hfj_migration", "fly_cdr_migration"), "\\"))
                .isEqualTo("fly\\_%\\_migration");
    }

    @Test
    void oneTableIsAskedForExactly() {
        assertThat(MigrationTableFinder.commonPattern(List.of("FLY_HFJ_MIGRATION"), "\\"))
                .isEqualTo("FLY\\_HFJ\\_MIGRATION");
        assertThat(MigrationTableFinder.commonPattern(List.of("FLY_HFJ_MIGRATION", "FLY_HFJ_MIGRATION"), "\\"))
                .isEqualTo("FLY\\_HFJ\\_MIGRATION");
    }

    @Test
    void theEndsNeverOverlapWhereOneNameHoldsTheOther() {
        assertThat(MigrationTableFinder.commonPattern(List.of("AB", "ABAB"), "")).isEqualTo("AB%");
    }
}
