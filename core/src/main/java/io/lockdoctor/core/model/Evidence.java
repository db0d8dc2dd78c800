package io.lockdoctor.core.model;

import java.util.Objects;

/**
 * One item of evidence behind a verdict.
 *
 * @param kind what it is about
 * @param observed what was found, short (a value, a count, "not collected")
 * @param detail one sentence: how it was checked and what it means for the verdict
 */
public record Evidence(EvidenceKind kind, String observed, String detail) {
    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(detail, "detail");
    }
}
