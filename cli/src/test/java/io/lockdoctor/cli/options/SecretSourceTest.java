package io.lockdoctor.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourceTest {
    private static final SecretSource POOLER = new SecretSource("--pooler-password-env", "--pooler-password-file",
            "LOCKDOCTOR_POOLER_PASSWORD");

    @TempDir
    Path dir;

    private static Function<String, Optional<String>> env(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    }

    @Test
    void theNamedVariableComesBeforeTheDefaultOne() {
        assertThat(POOLER.resolve("CONSOLE_PW", null, env(Map.of("CONSOLE_PW", "s3cret",
                "LOCKDOCTOR_POOLER_PASSWORD", "other")))).isEqualTo("s3cret");
        assertThat(POOLER.resolve(null, null, env(Map.of("LOCKDOCTOR_POOLER_PASSWORD", "other")))).isEqualTo("other");
        assertThat(POOLER.resolve(null, null, env(Map.of()))).isNull();
    }

    @Test
    void aFileGivesItsFirstLine() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "first\nsecond\n");
        assertThat(POOLER.resolve(null, file, env(Map.of("LOCKDOCTOR_POOLER_PASSWORD", "other")))).isEqualTo("first");
    }

    @Test
    void bothOptionsAreRefused() {
        assertThatThrownBy(() -> POOLER.resolve("X", dir.resolve("pw"), env(Map.of("X", "v"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("give either --pooler-password-env or --pooler-password-file, not both");
    }

    @Test
    void anUnsetVariableIsRefusedWithoutEchoingItsName() {
        // The name may be a password typed by mistake: it is not printed back.
        assertThatThrownBy(() -> POOLER.resolve("hunter2", null, env(Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the environment variable named by --pooler-password-env is not set or empty")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anEmptyOrUnreadableFileIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> POOLER.resolve(null, empty, env(Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessage("--pooler-password-file " + empty + " is empty");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> POOLER.resolve(null, missing, env(Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--pooler-password-file " + missing + " cannot be read: NoSuchFileException");
    }
}
