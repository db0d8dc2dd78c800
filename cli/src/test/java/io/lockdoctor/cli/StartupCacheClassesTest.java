package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The command-line classes every start loads are of a class-file version the start-up caches hold
 * whole: picocli's published jar is Java 5 bytecode, which the JVM verifies by type inference at
 * each start and a Java 24+ ahead-of-time cache cannot hold, so the build compiles picocli from its
 * sources (module {@code picocli}). A build that goes back to the published jar fails here.
 */
class StartupCacheClassesTest {
    /** Java 17's class-file major version. */
    private static final int JAVA_17 = 61;

    @Test
    void picocliIsJava17Bytecode() throws IOException {
        assertThat(majorVersion(CommandLine.class)).isEqualTo(JAVA_17);
        assertThat(majorVersion(CommandLine.Model.CommandSpec.class)).isEqualTo(JAVA_17);
        assertThat(majorVersion(AutoComplete.class)).isEqualTo(JAVA_17);
    }

    @Test
    void lockdoctorsOwnClassesAreJava17Bytecode() throws IOException {
        assertThat(majorVersion(Main.class)).isEqualTo(JAVA_17);
    }

    private static int majorVersion(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            DataInputStream data = new DataInputStream(in);
            assertThat(data.readInt()).as("class file magic").isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort();
        }
    }
}
