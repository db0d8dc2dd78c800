package io.lockdoctor.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --format} of the commands that print text or JSON: any other value is a usage error
 * picocli reports with the valid ones.
 */
public final class TextOrJson {
    /** The formats these commands print. */
    public enum Format {
        text, json
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
