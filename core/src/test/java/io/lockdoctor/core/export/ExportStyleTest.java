package io.lockdoctor.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class ExportStyleTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @Test
    void everyStyleIsExactlyAsTheContractSays() {
        assertThat(ExportStyle.SHELL.render(UUID)).isEqualTo("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID);
        assertThat(ExportStyle.FISH.render(UUID)).isEqualTo("set -gx CLEAR_LOCK_TABLE_WITH_DESCRIPTION " + UUID);
        assertThat(ExportStyle.POWERSHELL.render(UUID)).isEqualTo("$env:CLEAR_LOCK_TABLE_WITH_DESCRIPTION = '" + UUID + "'");
        assertThat(ExportStyle.CMD.render(UUID)).isEqualTo("set CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID);
        assertThat(ExportStyle.SYSTEMD.render(UUID)).isEqualTo("Environment=CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID);
        assertThat(ExportStyle.DOCKER.render(UUID)).isEqualTo("-e CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID);
        assertThat(ExportStyle.JAVA.render(UUID)).isEqualTo("-DCLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID);
        assertThat(ExportStyle.K8S.render(UUID))
                .isEqualTo("- name: CLEAR_LOCK_TABLE_WITH_DESCRIPTION\n  value: \"" + UUID + "\"");
    }

    @Test
    void upperCaseIsNormalisedAndAnythingElseRefused() {
        assertThat(ExportStyle.SHELL.render(UUID.toUpperCase())).endsWith("=" + UUID);
        assertThatThrownBy(() -> ExportStyle.SHELL.render(UUID + "; rm -rf /"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ExportStyle.K8S.render("\" injected: \""))
                .isInstanceOf(InvalidInputException.class);
    }
}
