package io.lockdoctor.core.scan;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Unmaps a memory-mapped buffer at once. Java 17 has no public way: a mapping otherwise lives until the
 * garbage collector finds its buffer unreachable, which with a small heap can be never during a scan,
 * and every window mapped would stay in the process. {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported) is what Lucene and Netty use; where it is missing, mappings are left to the collector.
 * The buffer must not be read after this.
 */
final class Unmapper {
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private Unmapper() {
    }

    static void unmap(ByteBuffer mapped) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(mapped);
        } catch (Throwable e) {
            // left to the garbage collector
        }
    }

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
