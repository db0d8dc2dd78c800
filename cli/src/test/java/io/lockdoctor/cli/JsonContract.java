package io.lockdoctor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema files shipped in the jar ({@code schemas/} on the class path), checked with a
 * real draft 2020-12 validator. Every JSON document a test produces goes through here.
 */
final class JsonContract {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The commands whose {@code --format json} prints a document, and the schema of each. */
    private static final Map<String, String> COMMAND_SCHEMAS = Map.of(
            "status", "status", "doctor", "doctor", "history", "history", "scan-log", "scan-log");

    private JsonContract() {
    }

    static Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(name,
                n -> REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + n + ".schema.json")));
    }

    /** The schema's complaints about a document; empty when it conforms. */
    static List<String> violations(String schemaName, JsonNode document) {
        return schema(schemaName).validate(document).stream().map(Error::toString).toList();
    }

    static List<String> violations(String schemaName, String document) {
        return violations(schemaName, parse(document));
    }

    /** Fails the test with every complaint when the document does not conform. */
    static void assertConforms(String schemaName, JsonNode document) {
        List<String> violations = violations(schemaName, document);
        if (!violations.isEmpty()) {
            throw new AssertionError("the " + schemaName + " document breaks its schema: " + violations
                    + "\n" + document.toPrettyString());
        }
    }

    /**
     * When {@code args} asked a command for JSON and it printed something, checks the document
     * against that command's schema.
     */
    static void checkOutput(String[] args, String out) {
        String command = null;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            if (command == null && !args[i].startsWith("-")) {
                command = args[i];
            }
            json |= args[i].equals("--format=json") || args[i].equals("--format") && i + 1 < args.length
                    && args[i + 1].equals("json");
        }
        String schema = command == null ? null : COMMAND_SCHEMAS.get(command);
        if (json && schema != null && !out.isBlank()) {
            assertConforms(schema, parse(out));
        }
    }

    static JsonNode parse(String document) {
        try {
            return MAPPER.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON document: " + document, e);
        }
    }
}
