package io.callrobot.campaign.phone;

/**
 * A text is not a number a campaign can dial; the message says why, in words an operator can act
 * on. Carries no stack trace: imports reject thousands of rows with it.
 */
public final class InvalidPhoneNumberException extends RuntimeException {

    InvalidPhoneNumberException(String reason) {
        super(reason, null, false, false);
    }
}
