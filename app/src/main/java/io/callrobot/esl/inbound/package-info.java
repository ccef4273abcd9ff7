/**
 * A client of FreeSWITCH's inbound event socket ({@code mod_event_socket} on 8021): authenticates,
 * subscribes to events, runs {@code api} and {@code bgapi} commands and reconnects with back-off
 * when FreeSWITCH restarts. {@code originate} builds campaign calls on top of it.
 */
package io.callrobot.esl.inbound;
