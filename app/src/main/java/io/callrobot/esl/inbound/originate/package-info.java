/**
 * Originating campaign calls through FreeSWITCH's inbound event socket: the {@code originate}
 * command with its escaped {@code {}} variable block and dial-string template, caller IDs, the
 * classification of how an attempt ended, and the {@link io.callrobot.esl.inbound.originate.Originator}
 * a dialer calls.
 */
package io.callrobot.esl.inbound.originate;
