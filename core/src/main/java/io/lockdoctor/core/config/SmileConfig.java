package io.lockdoctor.core.config;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.Terms.Setting;
import java.util.List;
import java.util.Optional;

/**
 * The databases of a Smile CDR installation, as its {@code cdr-config-Master.properties} names them.
 *
 * @param source where the properties came from, for messages
 * @param propertySource {@code node.propertysource} (DATABASE when absent, Smile's default)
 * @param warnings what the operator should know about how far the file can be trusted
 */
public record SmileConfig(String source, String propertySource, List<SmileModule> modules, List<String> warnings) {

    public SmileConfig {
        modules = List.copyOf(modules);
        warnings = List.copyOf(warnings);
    }

    public Optional<SmileModule> module(String id) {
        return modules.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Only {@code id}, or a clear error listing the modules there are. */
    public SmileConfig only(String id) {
        SmileModule module = module(id).orElseThrow(() -> new InvalidInputException(Setting.MODULE, id + ": " + source
                + " has no module with a database by that id; it has: "
                + String.join(", ", modules.stream().map(SmileModule::id).toList())));
        return new SmileConfig(source, propertySource, List.of(module), warnings);
    }
}
