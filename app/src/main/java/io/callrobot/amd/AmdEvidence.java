package io.callrobot.amd;

/** Why {@link MachineDetector} decided as it did. */
public sealed interface AmdEvidence {

    /** A phrase of {@link AnnouncementPhrases} was heard. */
    record Phrase(PhraseMatch match) implements AmdEvidence {
    }

    /** A special information tone sequence was heard. */
    record Tone(SitTone tone) implements AmdEvidence {
    }

    /** Speech ran this long without the pause a person leaves. */
    record LongSpeech(long speechMillis) implements AmdEvidence {
    }

    /** A short greeting, then a pause of {@code silenceMillis}. */
    record ShortGreeting(long speechMillis, long silenceMillis) implements AmdEvidence {
    }

    /** The window closed with nothing conclusive; {@code speechMillis} of speech was heard. */
    record WindowClosed(long speechMillis) implements AmdEvidence {
    }
}
