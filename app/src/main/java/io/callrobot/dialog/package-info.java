/**
 * Conversation logic behind {@link io.callrobot.dialog.DialogEngine}: YAML call flows
 * ({@link io.callrobot.dialog.FlowLibrary}) run per call by
 * {@link io.callrobot.dialog.FlowDialogFactory}, with scripted prompts, keyword/regex/DTMF intents,
 * retries, and nodes whose free speech is answered by the streaming LLM, which may call the
 * node's built-in tools ({@code end_call}, {@code transfer}, {@code goto}, {@code set_variable},
 * {@code record_fields}, {@code send_dtmf}).
 */
package io.callrobot.dialog;
