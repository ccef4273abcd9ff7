package io.callrobot.campaign.contacts;

import io.callrobot.campaign.phone.PhoneNumber;

/**
 * One do-not-call entry read from a file.
 *
 * @param line   where the row starts in the file
 * @param phone  the normalised number
 * @param reason the row's reason column, trimmed; empty when there is none
 */
public record DncEntry(long line, PhoneNumber phone, String reason) {
}
