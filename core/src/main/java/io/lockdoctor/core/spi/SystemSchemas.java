package io.lockdoctor.core.spi;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schemas a database keeps for itself, which never hold application tables: whole names and
 * name prefixes, matched in any case (catalogs report them in the product's own case, H2's
 * compatibility modes in another).
 */
public final class SystemSchemas {
    private final Set<String> names;
    private final List<String> prefixes;

    private SystemSchemas(Set<String> names, List<String> prefixes) {
        this.names = names.stream().map(SystemSchemas::folded).collect(Collectors.toUnmodifiableSet());
        this.prefixes = prefixes.stream().map(SystemSchemas::folded).toList();
    }

    public static SystemSchemas named(String... names) {
        return new SystemSchemas(Set.of(names), List.of());
    }

    /** These schemas, and every schema whose name starts with one of {@code prefixes}. */
    public SystemSchemas andPrefixed(String... prefixes) {
        return new SystemSchemas(names, Stream.concat(this.prefixes.stream(), Stream.of(prefixes)).toList());
    }

    public boolean contains(String schema) {
        String name = folded(schema);
        return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }

    private static String folded(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
