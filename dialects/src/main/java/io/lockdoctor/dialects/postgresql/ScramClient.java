package io.lockdoctor.dialects.postgresql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL and PgBouncer speak it: no
 * channel binding ({@code n,,}), user name left to the startup packet. The server's final message
 * is verified, so a console that does not know the password cannot pass for one that does.
 * Passwords are used as UTF-8 without SASLprep normalisation (the same bytes for ASCII passwords).
 */
final class ScramClient {
    static final String MECHANISM = "SCRAM-SHA-256";

    private final String user;
    private final byte[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] saltedPassword;
    private String authMessage;

    ScramClient(String password) {
        this("", password, randomNonce());
    }

    /** {@code user} goes into the SCRAM messages; PostgreSQL and PgBouncer take it from the startup packet. */
    ScramClient(String user, String password, String clientNonce) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clientNonce = clientNonce;
    }

    String clientFirstMessage() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    String clientFinalMessage(String serverFirst) throws ConsoleWireException {
        Map<Character, String> fields = fields(serverFirst);
        String nonce = fields.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce) || fields.get('s') == null || fields.get('i') == null) {
            throw new ConsoleWireException("08P01", "malformed SCRAM server message");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields.get('i'));
        } catch (NumberFormatException e) {
            throw new ConsoleWireException("08P01", "malformed SCRAM iteration count");
        }
        saltedPassword = pbkdf2(password, Base64.getDecoder().decode(fields.get('s')), iterations);
        String withoutProof = "c=biws,r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] signature = hmac(sha256(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    void verifyServerFinal(String serverFinal) throws ConsoleWireException {
        String verifier = fields(serverFinal).get('v');
        byte[] expected = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        if (verifier == null || !MessageDigest.isEqual(expected, Base64.getDecoder().decode(verifier))) {
            throw new ConsoleWireException("28P01", "the server's SCRAM signature does not match: it does not know "
                    + "this account's password");
        }
    }

    private static Map<Character, String> fields(String message) {
        Map<Character, String> fields = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                fields.put(part.charAt(0), part.substring(2));
            }
        }
        return fields;
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        byte[] block = new byte[salt.length + 4];
        System.arraycopy(salt, 0, block, 0, salt.length);
        block[block.length - 1] = 1;
        byte[] u = hmac(password, block);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(password, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, String text) {
        return hmac(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
