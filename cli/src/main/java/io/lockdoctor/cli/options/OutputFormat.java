package io.lockdoctor.cli.options;

/** {@code --format}. Not every command offers every format. */
public enum OutputFormat {
    text, json, csv
}
