package io.lockdoctor.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the sample logs of {@code lockdoctor-test-fixtures} to files, as users would have them. */
final class Samples {
    private Samples() {
    }

    static Path copy(String name, Path dir) {
        return copy(name, dir, name);
    }

    static Path copy(String name, Path dir, String as) {
        try (InputStream in = Samples.class.getResourceAsStream("/logs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample /logs/" + name);
            }
            Path target = dir.resolve(as);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/logs/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
