package io.lockdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * lockdoctor's version and the JVM's. picocli asks for it at every start (each command inherits the
 * root's {@code --version}), so it is read from the executable jar's manifest, which the JVM has read
 * already; {@code version.properties}, which Maven writes at build time, serves where there is no jar
 * (classes run from the build's directories).
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = fromProperties();
        }
        return new String[] {"lockdoctor " + version,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    private static String fromProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties.getProperty("version", "(unknown version)");
    }
}
