/** FreeSWITCH Event Socket: the outbound socket server, framing and command correlation. */
package io.callrobot.esl;
