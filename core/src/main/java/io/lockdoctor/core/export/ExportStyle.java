package io.lockdoctor.core.export;

import io.lockdoctor.core.model.LockUuid;
import java.util.Locale;

/**
 * The line that makes HAPI FHIR delete one lock row at its next start, in each place operators
 * set variables (the README, `export`, exact). The UUID must be canonical: HAPI puts the value into SQL
 * unescaped.
 */
public enum ExportStyle {
    SHELL("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=%s"),
    FISH("set -gx CLEAR_LOCK_TABLE_WITH_DESCRIPTION %s"),
    POWERSHELL("$env:CLEAR_LOCK_TABLE_WITH_DESCRIPTION = '%s'"),
    CMD("set CLEAR_LOCK_TABLE_WITH_DESCRIPTION=%s"),
    SYSTEMD("Environment=CLEAR_LOCK_TABLE_WITH_DESCRIPTION=%s"),
    DOCKER("-e CLEAR_LOCK_TABLE_WITH_DESCRIPTION=%s"),
    JAVA("-DCLEAR_LOCK_TABLE_WITH_DESCRIPTION=%s"),
    K8S("- name: CLEAR_LOCK_TABLE_WITH_DESCRIPTION\n  value: \"%s\"");

    /** The variable (and system property) HAPI's migrator reads at each start. */
    public static final String VARIABLE = "CLEAR_LOCK_TABLE_WITH_DESCRIPTION";

    private final String template;

    ExportStyle(String template) {
        this.template = template;
    }

    /** The snippet for {@code uuid} (validated, lower-cased), without a trailing newline. */
    public String render(String uuid) {
        return String.format(Locale.ROOT, template, LockUuid.require(uuid));
    }

    /** The style's name, lower case: {@code shell}, {@code k8s}, ... */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
