/**
 * Tools the LLM of a flow may call, apart from the dialog that runs them: per-call limits
 * ({@link io.callrobot.dialog.tools.ToolCallBudget}) and, in {@code http}, tools that call a web API.
 */
package io.callrobot.dialog.tools;
