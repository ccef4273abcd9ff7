package io.callrobot.dialog;

import io.callrobot.time.CallClock;
import java.util.concurrent.Executor;

/**
 * Where a call's dialog runs: every call into the dialog is made on {@code callThread}, and the
 * dialog hands everything that happens elsewhere (LLM tokens, time-outs) back to it, so the
 * dialog's state needs no lock.
 *
 * @param callThread the call's serial executor
 * @param clock      time and delayed tasks
 */
public record DialogScope(Executor callThread, CallClock clock) {
}
