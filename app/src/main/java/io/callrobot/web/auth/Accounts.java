package io.callrobot.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured users with their password hashes, and the admin token. A name that is not
 * configured costs as much to check as one that is, so timing does not tell which names exist.
 */
public final class Accounts {

    /** The name a login with the admin token acts under. */
    public static final String ADMIN_TOKEN_USER = "admin";

    /** One configured user. */
    public record User(Account account, PasswordHash hash) {
    }

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Optional<byte[]> adminToken;
    private final PasswordHash decoy;

    /** @param adminToken logs in as {@value #ADMIN_TOKEN_USER}; empty or blank: no such login */
    public Accounts(List<User> users, Optional<String> adminToken) {
        for (User user : users) {
            if (this.users.putIfAbsent(user.account().name(), user) != null) {
                throw new IllegalArgumentException("user " + user.account().name() + " is configured twice");
            }
        }
        this.adminToken = adminToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.decoy = users.isEmpty() ? null : PasswordHash.create("decoy".toCharArray(), PasswordHash.MIN_ITERATIONS);
    }

    /** No users and no admin token: nobody can log in. */
    public static Accounts none() {
        return new Accounts(List.of(), Optional.empty());
    }

    /** Whether anyone can log in at all. */
    public boolean any() {
        return !users.isEmpty() || adminToken.isPresent();
    }

    /** The account whose password this is; slow on purpose (PBKDF2). */
    public Optional<Account> withPassword(String name, char[] password) {
        User user = users.get(name);
        if (user == null) {
            if (decoy != null) {
                decoy.matches(password);
            }
            return Optional.empty();
        }
        return user.hash().matches(password) ? Optional.of(user.account()) : Optional.empty();
    }

    /** The admin account, if {@code token} is the admin token (compared in constant time). */
    public Optional<Account> withAdminToken(String token) {
        if (adminToken.isEmpty() || token == null
                || !MessageDigest.isEqual(adminToken.get(), token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(new Account(ADMIN_TOKEN_USER, Role.ADMIN, true));
    }
}
