package io.callrobot.web.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password: PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2) written as
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. Checking a password derives its
 * hash again and compares in constant time.
 */
public final class PasswordHash {

    /** OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 with 600 000 iterations. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations are refused (OWASP's floor, for PBKDF2-HMAC-SHA512, 210 000). */
    public static final int MIN_ITERATIONS = 210_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password} with a random salt and the default iterations. */
    public static PasswordHash create(char[] password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    /** @throws IllegalArgumentException when {@code iterations} is below {@link #MIN_ITERATIONS} or the password is empty */
    public static PasswordHash create(char[] password, int iterations) {
        checkIterations(iterations);
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /**
     * Reads the stored form.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating the hash)
     */
    public static PasswordHash parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a password hash of the form " + SCHEME
                    + "$<iterations>$<salt>$<hash> (make one with: callrobot passwd)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iterations are not a number: " + parts[1]);
        }
        checkIterations(iterations);
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash salt or hash is not base64");
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("password hash salt or hash is too short");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("password hash iterations must be at least " + MIN_ITERATIONS
                    + ", not " + iterations);
        }
    }

    /** Whether {@code password} is the one hashed; takes as long whatever the answer. */
    public boolean matches(char[] password) {
        return password.length > 0 && MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    @Override
    public String toString() {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** PBKDF2-HMAC-SHA256 by the JDK (its SunJCE provider encodes the password as UTF-8). */
    static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
