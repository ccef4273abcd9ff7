package io.callrobot.web.auth;

import java.util.Objects;

/**
 * Someone who may log in, as configured.
 *
 * @param seesNumbers whether phone numbers are shown whole (always for an admin)
 */
public record Account(String name, Role role, boolean seesNumbers) {

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        seesNumbers = seesNumbers || role == Role.ADMIN;
    }
}
