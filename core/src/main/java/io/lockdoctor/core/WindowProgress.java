package io.lockdoctor.core;

import java.time.Duration;

/** Told how far an observe window has run, e.g. to draw a progress line on a terminal. */
@FunctionalInterface
public interface WindowProgress {
    WindowProgress NONE = (elapsed, total) -> {
    };

    void update(Duration elapsed, Duration total);
}
