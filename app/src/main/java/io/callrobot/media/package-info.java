/**
 * Call audio over FreeSWITCH {@code unicast} UDP: caller audio in, paced robot speech out,
 * with the playout queue that knows which text the caller actually heard.
 */
package io.callrobot.media;
