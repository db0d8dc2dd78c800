package io.lockdoctor.cli;

import io.lockdoctor.core.support.Secrets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Every secret one run knows, masked in everything it prints: the password-shaped parts of any
 * text ({@link Secrets#mask(String)}), and each known value wherever it appears, because drivers
 * repeat URLs in their own words (a URL's {@code user:secret@host} quoted as a host or a port).
 * Known: the secrets of every URL given (argument or {@code LOCKDOCTOR_URL}), the resolved
 * password, and anything given after a password-like option, which usage errors would echo.
 */
public final class SecretMask {
    // An option a user may take for a password option (lockdoctor has none: passwords never go on the
    // command line): --password, --db-pass, --pwd, --secret, --token, HAPI's and psql's -p, mysql's -pSECRET.
    private static final Pattern SECRET_OPTION =
            Pattern.compile("(?i)-{1,2}[\\w.-]*(?:pass|pwd|secret|token)[\\w.-]*|-p");
    private static final Set<String> NOT_SECRET_OPTIONS = Set.of("--password-env", "--password-file");

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /** A value to mask wherever it appears, also as a JSON string holds it; null and empty are ignored. */
    public void add(String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        remember(secret);
        remember(secret.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private synchronized void remember(String secret) {
        if (!secrets.contains(secret)) {
            secrets.add(secret);
            // Longest first: a secret that contains another must not be left half masked.
            secrets.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    /** The secrets of a JDBC URL (user-info, password properties), raw and percent-decoded. */
    public void addSecretsIn(String url) {
        Secrets.secretsIn(url).forEach(this::add);
    }

    /** The secrets of the connection variables (see {@code ConnectionOptions}). */
    public void addFromEnvironment(Map<String, String> environment) {
        addSecretsIn(environment.get("LOCKDOCTOR_URL"));
        add(environment.get("LOCKDOCTOR_PASSWORD"));
    }

    /**
     * The secrets of a command line, before it is parsed: URLs in any argument, and the value of
     * any password-like option ({@code --password X}, {@code --password=X}, {@code -pX}).
     */
    public void addFromArguments(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            addSecretsIn(arg);
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (NOT_SECRET_OPTIONS.contains(name)) {
                continue;
            }
            if (SECRET_OPTION.matcher(name).matches()) {
                if (equals > 0) {
                    add(arg.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    add(args[i + 1]);
                }
            } else if (arg.startsWith("-p") && !arg.startsWith("--") && arg.length() > 2) {
                add(arg.substring(2));
            }
        }
    }

    /** {@code text} with every password-shaped value and every known secret replaced by {@value Secrets#MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        // Known values first: a pattern may cut a value short (at ':' or ','), which would hide it from replace.
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, Secrets.MASK);
        }
        return Secrets.mask(masked);
    }
}
