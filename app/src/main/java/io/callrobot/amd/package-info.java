/**
 * Answering-machine and carrier-announcement detection in the first seconds of an outbound call:
 * phrase lists matched against the ASR transcript ({@link io.callrobot.amd.AnnouncementPhrases}), the
 * special information tones of operator intercepts ({@link io.callrobot.amd.SitToneDetector}) and the
 * per-call state machine that turns speech timing, text and tones into one verdict
 * ({@link io.callrobot.amd.MachineDetector}).
 */
package io.callrobot.amd;
