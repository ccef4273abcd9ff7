/**
 * The relational store of outbound campaigns ({@link io.callrobot.store.Store}): campaigns, contacts,
 * call attempts, do-not-call entries, daily counters and call records, with versioned migrations
 * that run unchanged on the embedded H2 database and on PostgreSQL.
 */
package io.callrobot.store;
