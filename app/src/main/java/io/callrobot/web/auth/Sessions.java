package io.callrobot.web.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in memory: each ends after {@code idle} without a request or {@code absolute} after its
 * login, whichever comes first (a restart ends them all). Identifiers are 256 random bits.
 */
public final class Sessions {

    /** Sessions kept at most; the oldest expired ones go first, and a login beyond this is refused. */
    static final int MAX_SESSIONS = 10_000;

    private record Entry(Session session, Instant created, Instant lastUsed) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final Duration idle;
    private final Duration absolute;

    public Sessions(InstantSource clock, Duration idle, Duration absolute) {
        if (!idle.isPositive() || !absolute.isPositive()) {
            throw new IllegalArgumentException("session time-outs must be positive");
        }
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** A new session for {@code account}. */
    public Session create(Account account) {
        if (sessions.size() >= MAX_SESSIONS) {
            purge();
            if (sessions.size() >= MAX_SESSIONS) {
                throw new IllegalStateException("too many sessions open (" + MAX_SESSIONS + ")");
            }
        }
        Session session = new Session(token(), token(), account);
        Instant now = clock.instant();
        sessions.put(session.id(), new Entry(session, now, now));
        return session;
    }

    /** The live session with this id, which counts as a use of it; an expired one is forgotten. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry found = sessions.computeIfPresent(id, (k, e) -> expired(e, now) ? null : new Entry(e.session(), e.created(), now));
        return Optional.ofNullable(found).map(Entry::session);
    }

    /** Ends the session; nothing if there is none. */
    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private boolean expired(Entry e, Instant now) {
        return !now.isBefore(e.lastUsed().plus(idle)) || !now.isBefore(e.created().plus(absolute));
    }

    private void purge() {
        Instant now = clock.instant();
        sessions.values().removeIf(e -> expired(e, now));
    }

    /** 256 random bits, URL-safe base64 (a cookie value needs no quoting). */
    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
