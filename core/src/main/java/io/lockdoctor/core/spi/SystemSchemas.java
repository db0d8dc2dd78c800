package io.lockdoctor.core.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The schemas a database keeps for itself, which never hold application tables: whole names and
 * name prefixes, matched in any case (catalogs report them in the product's own case, H2's
 * compatibility modes in another). Plain loops, no streams: every dialect builds one when the
 * dialects are loaded, at each start.
 */
public final class SystemSchemas {
    private final Set<String> names;
    private final List<String> prefixes;

    private SystemSchemas(Set<String> names, List<String> prefixes) {
        this.names = Set.copyOf(names);
        this.prefixes = List.copyOf(prefixes);
    }

    public static SystemSchemas named(String... names) {
        return new SystemSchemas(folded(names, new HashSet<>()), List.of());
    }

    /** These schemas, and every schema whose name starts with one of {@code prefixes}. */
    public SystemSchemas andPrefixed(String... prefixes) {
        return new SystemSchemas(names, folded(prefixes, new ArrayList<>(this.prefixes)));
    }

    public boolean contains(String schema) {
        String name = folded(schema);
        if (names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static <C extends Collection<String>> C folded(String[] names, C into) {
        for (String name : names) {
            into.add(folded(name));
        }
        return into;
    }

    private static String folded(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
