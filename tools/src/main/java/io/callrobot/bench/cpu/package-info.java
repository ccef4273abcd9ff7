/**
 * Where the robot's CPU goes, read from Linux's /proc: the process's user and kernel time, and each
 * thread's, at the start and end of a benchmark's steady part, the difference grouped by thread name.
 */
package io.callrobot.bench.cpu;
