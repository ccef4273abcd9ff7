package io.callrobot.web;

import io.callrobot.web.auth.Role;
import java.util.Objects;

/**
 * Who made an API request, as access control decided: the name that audit entries carry, the role
 * that decides what the request may do, and whether this user may see whole phone numbers.
 *
 * @param name         the user's name ({@code token} for the bearer token, {@code local} for loopback)
 * @param seesNumbers  whether phone numbers are shown whole; otherwise {@link #phone} masks them
 * @param role         what the user may do
 */
public record ApiUser(String name, boolean seesNumbers, Role role) {

    public ApiUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** An admin (the bearer token, or loopback without login). */
    public ApiUser(String name, boolean seesNumbers) {
        this(name, seesNumbers, Role.ADMIN);
    }

    /**
     * A phone number as this user may see it: whole, or with its middle hidden
     * ({@code 13800138000} becomes {@code 138****8000}); null stays null.
     */
    public String phone(String number) {
        if (number == null || seesNumbers) {
            return number;
        }
        int length = number.length();
        if (length >= 8) {
            return number.substring(0, 3) + "****" + number.substring(length - 4);
        }
        return length <= 2 ? "**" : "*".repeat(length - 2) + number.substring(length - 2);
    }
}
