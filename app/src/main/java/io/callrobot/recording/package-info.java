/**
 * Call recording: each call's caller and robot audio, copied per frame into a per-call ring on the
 * media threads and written as one stereo file (left caller, right robot) by one recorder thread;
 * the files' retention.
 */
package io.callrobot.recording;
