package io.callrobot.dialog;

import java.util.List;

/**
 * A flow file (or several) could not be loaded. The message lists every problem, one a line,
 * each naming the file, the node and the field.
 */
public final class FlowException extends RuntimeException {

    private final List<String> problems;

    public FlowException(List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in call flows:\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, each a complete sentence starting with the flow file's name. */
    public List<String> problems() {
        return problems;
    }
}
