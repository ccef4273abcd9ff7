package io.callrobot.store;

/**
 * The store's tables. Each operation is one transaction of its own, or part of the caller's
 * transaction when reached through {@link Store#inTransaction}.
 */
public interface Repositories {

    Campaigns campaigns();

    Contacts contacts();

    Attempts attempts();

    DailyCounters counters();

    DoNotCall dnc();

    CallRecords callRecords();

    AuditLog audit();
}
