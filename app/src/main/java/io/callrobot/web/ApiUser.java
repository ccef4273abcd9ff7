package io.callrobot.web;

import java.util.Objects;

/**
 * Who made an API request, as access control decided: the name that audit entries carry and
 * whether this user may see whole phone numbers.
 *
 * @param name         the user's name ({@code token} for the bearer token, {@code local} for loopback)
 * @param seesNumbers  whether phone numbers are shown whole; otherwise {@link #phone} masks them
 */
public record ApiUser(String name, boolean seesNumbers) {

    public ApiUser {
        Objects.requireNonNull(name, "name");
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
