package io.callrobot.store;

/** What {@link Attempts#recordOriginating} decided: whether the call may be originated. */
public enum Originating {
    /** The attempt is committed: originate the call. */
    RECORDED,
    /** The robot no longer holds the contact's lease (it expired, or another robot claimed it): do not call. */
    NOT_LEASED,
    /** Another attempt of the contact is still in flight: do not call. */
    IN_FLIGHT,
    /** The number is now on a do-not-call list: do not call. */
    DO_NOT_CALL
}
