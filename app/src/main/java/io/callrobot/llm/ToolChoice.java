package io.callrobot.llm;

import java.util.Objects;

/**
 * Whether and which tool the model must call, sent as {@code tool_choice} (OpenAI API reference,
 * chat/create, "tool_choice"): {@code "auto"}, {@code "none"}, {@code "required"}, or
 * {@code {type: "function", function: {name}}} to force one function.
 *
 * @param mode     {@code auto}, {@code none}, {@code required} or {@code function}
 * @param function the forced function's name when {@code mode} is {@code function}, else null
 */
public record ToolChoice(String mode, String function) {

    /** The model decides (the server's default when tools are sent). */
    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    /** The model answers in text only, though tools are described. */
    public static final ToolChoice NONE = new ToolChoice("none", null);
    /** The model must call at least one tool. */
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        switch (mode) {
            case "auto", "none", "required" -> {
                if (function != null) {
                    throw new IllegalArgumentException("tool_choice " + mode + " names no function");
                }
            }
            case "function" -> Objects.requireNonNull(function, "function name of tool_choice");
            default -> throw new IllegalArgumentException(
                    "tool_choice must be auto, none, required or function: " + mode);
        }
    }

    /** The model must call {@code name}. */
    public static ToolChoice function(String name) {
        return new ToolChoice("function", name);
    }
}
