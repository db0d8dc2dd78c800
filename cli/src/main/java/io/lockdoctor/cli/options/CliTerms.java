package io.lockdoctor.cli.options;

import io.lockdoctor.core.model.Terms;

/** The command line's names for the settings core's reasons, refusals and input errors point at. */
public final class CliTerms implements Terms {
    public static final Terms OPTIONS = new CliTerms();

    private CliTerms() {
    }

    @Override
    public String name(Setting setting) {
        return switch (setting) {
            case OBSERVE -> "--observe";
            case MIN_AGE -> "--min-age";
            case LONG_STATEMENT -> "--long-statement";
            case EXCLUDE_CLIENT -> "--exclude-client";
            case LOG -> "--log";
            case LOG_ZONE -> "--log-zone";
            case FORCE -> "--force";
            case TABLE -> "--table";
            case UUID -> "--uuid";
            case SCHEMA -> "--schema";
            case LIMIT -> "--limit";
            case MODULE -> "--module";
            case SMILE_CONFIG -> "--smile-config";
        };
    }
}
