/** What ops see: the call log, latency marks, Prometheus metrics and the HTTP endpoint. */
package io.callrobot.ops;
