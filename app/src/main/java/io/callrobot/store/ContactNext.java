package io.callrobot.store;

import java.time.Instant;

/**
 * What becomes of a contact after an attempt, or when a claim is given back: dialled again from a
 * time, or never again. The caller's rules decide; the store only applies it.
 *
 * @param status        {@code pending}, {@code retry_wait}, {@code done} or {@code dnc}
 * @param nextAttemptAt when it may be dialled again: required for pending and retry_wait, null otherwise
 * @param finalOutcome  why it is done (done and dnc), else null
 */
public record ContactNext(ContactStatus status, Instant nextAttemptAt, String finalOutcome) {

    public ContactNext {
        if (status == null || status == ContactStatus.DIALING) {
            throw new IllegalArgumentException("status must be pending, retry_wait, done or dnc, not " + status);
        }
        boolean again = status == ContactStatus.PENDING || status == ContactStatus.RETRY_WAIT;
        if (again && nextAttemptAt == null) {
            throw new IllegalArgumentException("nextAttemptAt is required for status " + status.id());
        }
        if (!again && nextAttemptAt != null) {
            throw new IllegalArgumentException("nextAttemptAt must be null for status " + status.id());
        }
        if (again && finalOutcome != null) {
            throw new IllegalArgumentException("finalOutcome is only for done and dnc, not " + status.id());
        }
    }

    /** Dial it again from {@code at}. */
    public static ContactNext retryAt(Instant at) {
        return new ContactNext(ContactStatus.RETRY_WAIT, at, null);
    }

    /** Back to pending (never dialled), due at {@code at}: a claim given back before any call. */
    public static ContactNext pendingAt(Instant at) {
        return new ContactNext(ContactStatus.PENDING, at, null);
    }

    /** Never again, for the reason given (e.g. a result tag, {@code busy}, {@code max_attempts}). */
    public static ContactNext done(String finalOutcome) {
        Check.notBlank("finalOutcome", finalOutcome);
        return new ContactNext(ContactStatus.DONE, null, finalOutcome);
    }

    /** Never again: the number is on a do-not-call list. */
    public static ContactNext doNotCall() {
        return new ContactNext(ContactStatus.DNC, null, "dnc");
    }
}
