package io.lockdoctor.core.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that may reach a user: JDBC URLs, driver messages, audit lines.
 * {@link #mask(String)} recognises password-shaped values by their form; {@link #secretsIn(String)}
 * takes the values out of a URL so that they can be masked wherever a driver repeats them, in
 * whatever form (drivers that do not understand {@code user:secret@host} quote it as a host or port).
 */
public final class Secrets {
    public static final String MASK = "****";

    // Any key ending in password/passwd/pwd (password, sslpassword, trustStorePassword, ...) followed by '=',
    // as URL query, H2/SQL Server ';' properties, MySQL "(key=value)" or "key=value," lists, or --password=x.
    private static final String KEY = "(?i)((?:^|[?&;:\\s(,\\[-])[\\w.-]*(?:password|passwd|pwd)\\s*=\\s*)";
    // Values stop at quotes and backslashes too: masking text inside a JSON string must leave it valid JSON.
    private static final Pattern PASSWORD_PARAM = Pattern.compile(KEY + "([^&;,)\\s\"'\\\\]*)");
    // scheme://user:secret@host; a secret holding '@' unencoded ends at the last '@' before the path.
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:\\s\"]*:)([^/\\s\"]*)(@)");
    // Oracle thin: jdbc:oracle:thin:user/secret@host
    private static final Pattern ORACLE_THIN = Pattern.compile("(?i)(jdbc:oracle:thin:[^/@\\s\"]*/)([^@\\s\"]*)(@)");
    // For finding secrets in a URL as given (not in text around it), values run to the end of the argument
    // and are then cut at each delimiter a driver might use.
    private static final Pattern PASSWORD_VALUE = Pattern.compile(KEY + "(\\S*)");
    private static final Pattern USERINFO_VALUE = Pattern.compile("(//[^/@:\\s]*:)([^/\\s]*)(@)");
    private static final Pattern ORACLE_THIN_VALUE = Pattern.compile("(?i)(jdbc:oracle:thin:[^/@\\s]*/)([^@\\s]*)(@)");
    private static final String VALUE_DELIMITERS = "&;,)#";

    private Secrets() {
    }

    /** {@code text} with every password-shaped value replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || (text.indexOf('=') < 0 && text.indexOf('@') < 0)) {
            // Every form below needs one of them: the common case costs two scans, not three regular expressions.
            return text;
        }
        String masked = PASSWORD_PARAM.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        masked = USERINFO.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        return ORACLE_THIN.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
    }

    /** Also masks one known secret wherever it appears (drivers sometimes echo it). */
    public static String mask(String text, String knownSecret) {
        String masked = mask(text);
        if (masked == null || knownSecret == null || knownSecret.isEmpty()) {
            return masked;
        }
        return masked.replace(knownSecret, MASK);
    }

    /**
     * Every value in {@code text} (a JDBC URL, a command-line argument) that may be a secret: the
     * password of {@code user:secret@host} and of Oracle's {@code user/secret@host}, and each
     * {@code ...password=value}. Where a value's end is ambiguous, every reading is returned (the
     * value cut at each delimiter a driver might use), and each also percent-decoded: masking the
     * longest first hides the secret however a driver splits or decodes it.
     */
    public static Set<String> secretsIn(String text) {
        Set<String> secrets = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return secrets;
        }
        Matcher userInfo = USERINFO_VALUE.matcher(text);
        while (userInfo.find()) {
            addReadings(secrets, userInfo.group(2), "@");
        }
        Matcher oracle = ORACLE_THIN_VALUE.matcher(text);
        while (oracle.find()) {
            addReadings(secrets, oracle.group(2), "");
        }
        Matcher value = PASSWORD_VALUE.matcher(text);
        while (value.find()) {
            addReadings(secrets, value.group(2), VALUE_DELIMITERS);
        }
        return secrets;
    }

    private static void addReadings(Set<String> secrets, String value, String delimiters) {
        add(secrets, value);
        // SQL Server quotes a value holding ';' in braces: password={se;cret}.
        int close = value.indexOf('}');
        if (value.startsWith("{") && close > 1) {
            add(secrets, value.substring(0, close + 1));
            add(secrets, value.substring(1, close));
        }
        for (char delimiter : delimiters.toCharArray()) {
            int at = value.indexOf(delimiter);
            if (at > 0) {
                add(secrets, value.substring(0, at));
            }
        }
    }

    private static void add(Set<String> secrets, String value) {
        if (value.isEmpty()) {
            return;
        }
        secrets.add(value);
        try {
            String decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                secrets.add(decoded);
            }
        } catch (IllegalArgumentException notEncoded) {
            // A '%' that starts no escape: the value is used as written.
        }
    }
}
