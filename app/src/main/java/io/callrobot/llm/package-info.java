/** Streaming language-model providers: chat completions over SSE. */
package io.callrobot.llm;
