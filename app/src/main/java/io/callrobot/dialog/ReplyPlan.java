package io.callrobot.dialog;

import java.util.ArrayList;
import java.util.List;

/**
 * A scripted reply worked out before it is spoken: prompt segments with their options and the
 * step after them. Segments whose options differ cannot share one {@link ReplySink} reply.
 */
final class ReplyPlan {

    /** Text spoken with one set of options. */
    record Segment(ReplyOptions options, String text) {
    }

    private final List<Segment> segments;
    private NextStep next;

    ReplyPlan() {
        this(new ArrayList<>(), null);
    }

    private ReplyPlan(List<Segment> segments, NextStep next) {
        this.segments = segments;
        this.next = next;
    }

    void say(ReplyOptions options, String text) {
        if (!text.isBlank()) {
            segments.add(new Segment(options, text.strip()));
        }
    }

    void then(NextStep step) {
        next = step;
    }

    List<Segment> segments() {
        return segments;
    }

    NextStep next() {
        return next;
    }

    /** The part from segment {@code from} on, to be spoken as a later reply. */
    ReplyPlan rest(int from) {
        return new ReplyPlan(new ArrayList<>(segments.subList(from, segments.size())), next);
    }
}
