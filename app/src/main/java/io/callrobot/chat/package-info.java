/**
 * Testing a flow by text chat, without a phone: {@link io.callrobot.chat.ChatSessions} runs the real
 * dialog engine per session on a one-owner thread, as a call does, and collects each reply whole.
 */
package io.callrobot.chat;
