package io.callrobot.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reply of the robot, whole: what it said and the node the dialog was in once it was said.
 *
 * @param degraded why the reply is not what was planned (the LLM's fallback was spoken), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatReply(String text, String node, String degraded) {
}
