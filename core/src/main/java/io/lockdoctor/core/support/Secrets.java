package io.lockdoctor.core.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets in text that may reach a user: JDBC URLs, driver messages, audit lines. */
public final class Secrets {
    public static final String MASK = "****";

    // password=..., pwd=..., passwd=... as URL query, H2 ';' or Oracle/SQL Server property syntax.
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:^|[?&;:\\s(])(?:password|pwd|passwd|sslpassword)\\s*=\\s*)([^&;)\\s]*)");
    // scheme://user:secret@host
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:\\s]*:)([^@/\\s]*)(@)");
    // Oracle thin: jdbc:oracle:thin:user/secret@host
    private static final Pattern ORACLE_THIN = Pattern.compile("(?i)(jdbc:oracle:thin:[^/@\\s]*/)([^@\\s]*)(@)");

    private Secrets() {
    }

    /** {@code text} with every password-shaped value replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
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
}
