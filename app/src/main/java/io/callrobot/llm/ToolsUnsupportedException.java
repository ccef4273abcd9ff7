package io.callrobot.llm;

import java.io.IOException;

/**
 * The server refused a request because the model or the server cannot call tools (vLLM started
 * without {@code --enable-auto-tool-choice}, an Ollama model whose template has no tools). Retrying
 * will not help: the configuration must change.
 */
public final class ToolsUnsupportedException extends IOException {

    private final String model;

    ToolsUnsupportedException(String model, String url, String serverMessage) {
        super("LLM model '" + model + "' at " + url + " cannot call tools (server said: " + serverMessage
                + "). Use a model with tool support (Ollama: a model listed with 'tools'; vLLM: start it with "
                + "--enable-auto-tool-choice --tool-call-parser <parser>), or set llm.tools: off");
        this.model = model;
    }

    /** The configured model name. */
    public String model() {
        return model;
    }
}
