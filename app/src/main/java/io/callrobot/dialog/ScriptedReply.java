package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reply a flow can speak without the LLM, as written: prompt templates spoken together with one set
 * of options. {@link #texts} renders it into the text pieces a call's {@link ReplySink} receives, in
 * order, so the speech pipeline can work out which parts are the same on every call (the prompt cache
 * warms those).
 *
 * @param flow     the flow that speaks it (language and flow voice)
 * @param options  how it is spoken; the voice is the node's or else the flow's
 * @param segments prompt templates in speaking order
 */
public record ScriptedReply(FlowInfo flow, ReplyOptions options, List<String> segments) {

    public ScriptedReply {
        segments = List.copyOf(segments);
    }

    /**
     * The pieces handed to {@link ReplySink#text} when a call with {@code variables} speaks this reply:
     * each rendered segment (blank ones dropped, stripped), with a space between segments in languages
     * other than Chinese.
     */
    public List<String> texts(Map<String, String> variables) {
        String separator = FlowDialog.separator(flow.language());
        List<String> texts = new ArrayList<>(2 * segments.size());
        for (String segment : segments) {
            String text = Templates.render(segment, variables);
            if (text.isBlank()) {
                continue;
            }
            if (!texts.isEmpty() && !separator.isEmpty()) {
                texts.add(separator);
            }
            texts.add(text.strip());
        }
        return texts;
    }

    /** Call variables the reply uses without a default: what makes its text differ between calls. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        segments.forEach(s -> names.addAll(Templates.required(s)));
        return names;
    }
}
