/**
 * The optional post-call summary: after hang-up, one LLM request per call of a flow that asks for
 * it, off the call's threads and bounded in number, its answer added to the stored record and the
 * call log.
 */
package io.callrobot.summary;
