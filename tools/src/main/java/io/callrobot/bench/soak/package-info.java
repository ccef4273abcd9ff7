/**
 * The soak's arithmetic: samples of the robot taken during a long {@code bench} run, the growth
 * check between a reference point early in the run and its end, and the table both are printed as.
 */
package io.callrobot.bench.soak;
