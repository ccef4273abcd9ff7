package io.callrobot.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The robot's answer to one input of a chat: its replies (more than one when a prompt that cannot
 * be interrupted comes before the next), where the dialog is now and whether the call would end.
 *
 * @param session    the chat's id
 * @param node       the node the dialog is in now
 * @param result     the result tag, once the call would end
 * @param ended      whether the call would now hang up or be transferred; the chat takes no more input
 * @param transferTo where the call would be transferred, or null
 * @param cause      the FreeSWITCH hangup cause the call would end with, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatTurn(String session, List<ChatReply> replies, String node, String result, boolean ended,
        String transferTo, String cause) {

    public ChatTurn {
        replies = List.copyOf(replies);
    }
}
