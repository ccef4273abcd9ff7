/** Streaming language-model providers: chat completions over SSE, with tool calling. */
package io.callrobot.llm;
