package io.callrobot.media;

/**
 * What the caller heard of a robot turn.
 *
 * @param turnId      the turn, or -1 when no turn was queued
 * @param text        the fully sent segments plus the spoken prefix of the segment being sent
 * @param interrupted true if the turn was cut short
 */
public record Heard(int turnId, String text, boolean interrupted) {

    static final Heard NOTHING = new Heard(-1, "", false);
}
