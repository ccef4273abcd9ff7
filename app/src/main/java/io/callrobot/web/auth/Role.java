package io.callrobot.web.auth;

import java.util.Arrays;
import java.util.Locale;

/** What a user may do: read, act on campaigns and calls, or everything including the audit log. */
public enum Role {
    /** Everything, including the audit log and users; sees whole phone numbers. */
    ADMIN,
    /** Campaign actions, hanging up and transferring calls, flow chat, TTS; reads everything but the audit log. */
    OPERATOR,
    /** Reads only. */
    VIEWER;

    /** The name in configuration and API answers: {@code admin}, {@code operator}, {@code viewer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static Role parse(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role " + id + "; roles: "
                + String.join(", ", Arrays.stream(values()).map(Role::id).toList()));
    }
}
