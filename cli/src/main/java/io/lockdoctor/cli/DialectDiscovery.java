package io.lockdoctor.cli;

import io.lockdoctor.core.spi.DialectRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The dialects on the class path, discovered once per run and shared by its commands and databases
 * (a registry holds no state of its own): on {@link StartupWarmUp}'s thread while picocli builds its
 * model, or else by the first command that asks. A discovery that failed on the warm-up thread is
 * not kept: the command discovers again, and fails or not as it would have without the warm-up.
 */
public final class DialectDiscovery {
    private final Supplier<DialectRegistry> discover;
    private final FutureTask<DialectRegistry> once;

    public DialectDiscovery() {
        this(DialectRegistry::discover);
    }

    DialectDiscovery(Supplier<DialectRegistry> discover) {
        this.discover = discover;
        this.once = new FutureTask<>(discover::get);
    }

    /** Discovers on this thread unless another thread does or did. */
    void warm() {
        once.run();
    }

    public DialectRegistry registry() {
        once.run(); // returns at once when another thread runs or ran it
        try {
            return once.get();
        } catch (ExecutionException e) {
            return discover.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return discover.get();
        }
    }
}
