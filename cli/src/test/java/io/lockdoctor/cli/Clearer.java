package io.lockdoctor.cli;

import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.Confirmation;

/** One clear through the {@code LockDoctor} facade, with the audit and clock a test chose. */
@FunctionalInterface
interface Clearer {
    ClearOutcome clear(ClearRequest request, Confirmation confirmation);
}
