package io.callrobot.tts;

/** One piece of text handed to a TTS stream, numbered in the order it will be spoken. */
public record TextChunk(int index, String text) {
}
