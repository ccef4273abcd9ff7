/**
 * Trying a voice before a caller hears it: the providers this server can speak with and their
 * choices ({@link io.callrobot.tts.tryout.TryOutProvider}), what a text becomes before synthesis
 * ({@link io.callrobot.tts.tryout.TextPreview}), and one text synthesised through the chain a call
 * uses, with its cache use and timings ({@link io.callrobot.tts.tryout.TtsTryOut}).
 */
package io.callrobot.tts.tryout;
