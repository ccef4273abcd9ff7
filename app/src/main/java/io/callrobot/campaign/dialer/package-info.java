/**
 * The dialer: turns running campaigns' contacts into originated calls within their windows, caps and
 * pace, and each attempt's end into the contact's next step. All its state lives on one thread.
 */
package io.callrobot.campaign.dialer;
