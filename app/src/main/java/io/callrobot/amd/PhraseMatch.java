package io.callrobot.amd;

/**
 * A phrase found in a transcript.
 *
 * @param result   the class the phrase stands for
 * @param language the phrase list it came from, e.g. {@code zh-CN}
 * @param phrase   the phrase as written in the list
 * @param heard    the transcript it was found in, as received
 * @param exact    false when it matched with one character misheard
 */
public record PhraseMatch(AmdResult result, String language, String phrase, String heard, boolean exact) {
}
