package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import org.junit.jupiter.api.Test;

/** A clear asks for one lock by what its description column can hold. */
class ClearRequestTest {

    private static ClearRequest request(String uuid) {
        return new ClearRequest(KnownTable.FLY_HFJ_MIGRATION, uuid, false, false, InspectionOptions.defaults());
    }

    @Test
    void aDescriptionIsOneToTwoHundredCharacters() {
        assertThat(request("x".repeat(200)).uuid()).hasSize(200);
        assertThat(request("x").uuid()).isEqualTo("x");
        for (String bad : new String[] {"", "x".repeat(201)}) {
            assertThatThrownBy(() -> request(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("a lock's description is 1 to 200 characters, as the column holds");
        }
    }

    @Test
    void theInspectionLooksOnlyAtTheTableAsked() {
        assertThat(request("x").evidence().tables()).containsExactly(KnownTable.FLY_HFJ_MIGRATION);
    }
}
