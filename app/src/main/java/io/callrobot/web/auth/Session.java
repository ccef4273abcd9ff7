package io.callrobot.web.auth;

/**
 * A logged-in browser.
 *
 * @param id   the {@code callrobot_session} cookie's value
 * @param csrf the token every state-changing request of this session must repeat in {@code X-CSRF-Token}
 */
public record Session(String id, String csrf, Account account) {
}
