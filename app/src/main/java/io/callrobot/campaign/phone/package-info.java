/**
 * Phone numbers as campaigns dial them: {@link io.callrobot.campaign.phone.PhoneNumber#parse} turns
 * what people type or Excel exports into one canonical form per number, or says why it cannot be
 * dialled.
 */
package io.callrobot.campaign.phone;
