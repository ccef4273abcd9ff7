package io.callrobot.dialog;

import java.util.Map;

/** Creates the dialog for a new call from the flow name and the call's variables. */
public interface DialogFactory {

    /**
     * @param flow      the flow to run, e.g. from the channel variable {@code robot_flow}; null for the default
     * @param variables decoded channel variables ({@code customer_name}, {@code amount}, ...)
     * @param scope     the call's thread and clock: the dialog is driven there and hands its own events back there
     * @throws IllegalArgumentException if no such flow exists
     */
    DialogEngine create(String callId, String flow, Map<String, String> variables, DialogScope scope);
}
