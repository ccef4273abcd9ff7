/**
 * A FreeSWITCH simulator for tests and benchmarks: calls that connect to the robot like the
 * {@code socket} application in {@code async full} mode, answer ESL commands as mod_event_socket
 * does and exchange {@code unicast} UDP audio at real-time pace; and the inbound event socket a
 * dialer authenticates to and originates through, whose answered calls become such calls.
 */
package io.callrobot.sim;
