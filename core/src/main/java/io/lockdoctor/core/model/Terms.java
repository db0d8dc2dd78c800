package io.lockdoctor.core.model;

import java.util.Objects;

/**
 * What the caller calls the settings it gives lockdoctor, so that a reason or an error points at
 * what to change: the command line names its options ({@code --observe}), a program embedding the
 * library the components of its options records ({@code observe}, the default). Core words its
 * sentences with these names and never with a flag of its own.
 */
@FunctionalInterface
public interface Terms {

    /** The settings a reason, a refusal or an input error can point at. */
    enum Setting {
        OBSERVE("observe"),
        MIN_AGE("minAge"),
        LONG_STATEMENT("longStatement"),
        EXCLUDE_CLIENT("excludedClients"),
        LOG("logs"),
        LOG_ZONE("logZone"),
        FORCE("force"),
        TABLE("table"),
        UUID("uuid"),
        SCHEMA("schema"),
        LIMIT("limit"),
        MODULE("module"),
        SMILE_CONFIG("smileConfig");

        private final String libraryName;

        Setting(String libraryName) {
            this.libraryName = libraryName;
        }
    }

    /** The names of the library's own records and methods. */
    Terms LIBRARY = setting -> setting.libraryName;

    String name(Setting setting);

    /** The setting given {@code value}, as the caller would write it ("--observe 0s", "observe 0s"). */
    default String set(Setting setting, String value) {
        return name(setting) + " " + Objects.requireNonNull(value, "value");
    }
}
