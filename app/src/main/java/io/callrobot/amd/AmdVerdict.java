package io.callrobot.amd;

/**
 * What {@link MachineDetector} decided.
 *
 * @param result   the class of the answering party
 * @param atMillis when it was decided, in milliseconds after answer
 * @param evidence what it was decided on
 */
public record AmdVerdict(AmdResult result, long atMillis, AmdEvidence evidence) {
}
