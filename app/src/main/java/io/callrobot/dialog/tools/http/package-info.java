/**
 * HTTP tools declared in a flow ({@code httpTools:}): {@link io.callrobot.dialog.tools.http.HttpToolSpec}
 * is one tool as loaded, secrets resolved; {@link io.callrobot.dialog.tools.http.HttpToolCaller} runs a
 * model's call of it over the shared okhttp client and answers with a
 * {@link io.callrobot.dialog.tools.http.HttpToolResult} the model can read, failures included.
 */
package io.callrobot.dialog.tools.http;
