package io.lockdoctor.core.config;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.Terms.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Smile CDR configuration: every module with a {@code db.url}, whatever id the user chose,
 * with {@code #{env['NAME']}} substituted from the environment given. Embedding applications pass
 * their own {@link Properties} to {@link #read(Properties, String, Path)}.
 */
public final class SmileConfigReader {
    /** Where an installation keeps it. */
    public static final Path MASTER_PROPERTIES = Path.of("classes", "cdr-config-Master.properties");

    private static final Pattern MODULE_URL = Pattern.compile("module\\.([^.]+)\\.config\\.db\\.url");
    private static final Pattern ENV = Pattern.compile("#\\{\\s*env\\[\\s*['\"]([^'\"]+)['\"]\\s*]\\s*}");
    // Relative H2 file URLs ("jdbc:h2:file:./database/h2_persistence") are relative to the installation.
    private static final Pattern H2_RELATIVE_FILE = Pattern.compile("(?i)^(jdbc:h2:(?:file:)?)(\\.{1,2}/)");

    private final Map<String, String> environment;

    public SmileConfigReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A properties file, or an installation directory holding {@code classes/cdr-config-Master.properties}. */
    public SmileConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(MASTER_PROPERTIES) : path;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(Setting.SMILE_CONFIG, path + ": " + (Files.isDirectory(path)
                    ? "no " + MASTER_PROPERTIES + " in that directory" : "no such file"));
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(Setting.SMILE_CONFIG, file + " cannot be read: " + e.getMessage());
        }
        Path parent = file.toAbsolutePath().getParent();
        Path installation = parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("classes") ? parent.getParent() : parent;
        return read(properties, file.toString(), installation);
    }

    /**
     * @param source names the configuration in messages
     * @param installation the directory relative H2 file URLs are resolved against, or null
     */
    public SmileConfig read(Properties properties, String source, Path installation) {
        TreeSet<String> ids = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = MODULE_URL.matcher(key);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        List<SmileModule> modules = new ArrayList<>();
        for (String id : ids) {
            String prefix = "module." + id + ".config.db.";
            String url = value(properties, prefix + "url", source);
            if (url == null || url.isBlank()) {
                continue;
            }
            if (installation != null) {
                Matcher relative = H2_RELATIVE_FILE.matcher(url);
                if (relative.find()) {
                    url = relative.group(1) + installation.toAbsolutePath().normalize() + "/" + relative.group(2)
                            + url.substring(relative.end());
                }
            }
            modules.add(new SmileModule(id, value(properties, "module." + id + ".type", source),
                    value(properties, prefix + "driver", source), url, value(properties, prefix + "username", source),
                    value(properties, prefix + "password", source)));
        }
        if (modules.isEmpty()) {
            throw new InvalidInputException(source + " names no module database (no module.<id>.config.db.url)");
        }
        String propertySource = properties.getProperty("node.propertysource", "DATABASE").strip()
                .toUpperCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        if (propertySource.equals("DATABASE")) {
            warnings.add("node.propertysource is DATABASE" + (properties.containsKey("node.propertysource") ? ""
                    : " (the default)") + ": only the clustermgr and audit settings in " + source + " are authoritative; "
                    + "other modules' databases are read from the file but the running cluster may use what the Cluster "
                    + "Manager database holds");
        }
        return new SmileConfig(source, propertySource, modules, warnings);
    }

    private String value(Properties properties, String key, String source) {
        String raw = properties.getProperty(key);
        if (raw == null) {
            return null;
        }
        Matcher m = ENV.matcher(raw.strip());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = environment.get(name);
            if (value == null) {
                throw new InvalidInputException(source + ": " + key + " uses the environment variable " + name
                        + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
