package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md: core's packages form no cycle, and the model, the support classes and the SPI
 * use nothing above them. A reference is an import or a fully qualified name, javadoc included:
 * a link is a dependency for whoever reads it.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/io/lockdoctor/core");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.lockdoctor\\.core((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final String ROOT = "(root)";

    @Test
    void theModelTheSupportClassesAndTheSpiUseNothingAboveThem() {
        Map<String, Set<String>> uses = dependencies();

        assertThat(uses).containsKeys("model", "support", "spi", ROOT);
        assertThat(uses.get("model")).isEmpty();
        assertThat(uses.get("support")).containsOnly("model");
        assertThat(uses.get("spi")).isSubsetOf("model", "support");
    }

    @Test
    void noPackageReachesItselfAgain() {
        Map<String, Set<String>> uses = dependencies();

        for (String start : uses.keySet()) {
            assertThat(reachable(uses, start)).as("what %s uses, directly or not (%s)", start, uses)
                    .doesNotContain(start);
        }
    }

    private static Set<String> reachable(Map<String, Set<String>> uses, String start) {
        Set<String> seen = new TreeSet<>();
        List<String> next = new ArrayList<>(uses.getOrDefault(start, Set.of()));
        while (!next.isEmpty()) {
            String p = next.remove(next.size() - 1);
            if (seen.add(p)) {
                next.addAll(uses.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    /** Each package of core's main code, and the other packages of core its files name. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String dir = SOURCES.relativize(file.getParent()).toString();
                String pkg = dir.isEmpty() ? ROOT : dir.replace(file.getFileSystem().getSeparator(), ".");
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                String text = Files.readString(file).replaceFirst("(?m)^package .*$", "");
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    String target = m.group(1).isEmpty() ? ROOT : m.group(1).substring(1);
                    if (!target.equals(pkg)) {
                        used.add(target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}
