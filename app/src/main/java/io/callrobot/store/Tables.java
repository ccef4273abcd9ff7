package io.callrobot.store;

import java.time.Clock;

/** The tables, each running its statements through one {@link Transactions}. */
record Tables(Campaigns campaigns, Contacts contacts, Attempts attempts, DailyCounters counters, DoNotCall dnc,
        CallRecords callRecords, AuditLog audit) implements Repositories {

    static Tables on(Transactions db, Clock clock) {
        return new Tables(new Campaigns(db, clock), new Contacts(db, clock), new Attempts(db, clock),
                new DailyCounters(db), new DoNotCall(db, clock), new CallRecords(db),
                new AuditLog(db, clock));
    }
}
