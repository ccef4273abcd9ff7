/** Conversation logic: scripted flows and LLM turns behind {@link io.callrobot.dialog.DialogEngine}. */
package io.callrobot.dialog;
