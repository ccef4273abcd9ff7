package io.callrobot.campaign.dialer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.campaign.AttemptOutcome;
import io.callrobot.campaign.CampaignRecords;
import io.callrobot.campaign.RetryDecision;
import io.callrobot.campaign.pacing.CampaignPacer;
import io.callrobot.campaign.pacing.SwitchLimits;
import io.callrobot.campaign.webhook.WebhookSender;
import io.callrobot.esl.inbound.EslConnectionException;
import io.callrobot.esl.inbound.originate.OriginateInDoubtException;
import io.callrobot.esl.inbound.originate.OriginateRequest;
import io.callrobot.esl.inbound.originate.OriginateResult;
import io.callrobot.esl.inbound.originate.Originator;
import io.callrobot.esl.inbound.originate.OriginatorListener;
import io.callrobot.ops.CallRecord;
import io.callrobot.store.AttemptEnd;
import io.callrobot.store.AttemptRow;
import io.callrobot.store.AttemptState;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.CampaignState;
import io.callrobot.store.ContactNext;
import io.callrobot.store.ContactRow;
import io.callrobot.store.ContactStatus;
import io.callrobot.store.DailyCap;
import io.callrobot.store.NewAttempt;
import io.callrobot.store.Originating;
import io.callrobot.store.Store;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the calls of running campaigns through an {@link Originator} and settles every attempt in
 * the store. One thread owns all of its state: store work, originate results, FreeSWITCH's hang-up
 * reports and the robot's call records are all handed to it.
 *
 * <p>Nobody is called twice: a contact is claimed with a lease, the attempt is committed before the
 * originate is sent, and an attempt whose fate is unknown (the robot restarted, FreeSWITCH's socket
 * dropped mid-originate) is settled by asking FreeSWITCH whether the call still exists and the store
 * whether the robot recorded it, never by dialling again at once.
 */
public final class Dialer implements OriginatorListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dialer.class);
    /** How often the campaign list is read again (state changes, new campaigns). */
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Longest sleep between passes while campaigns run, so windows opening are noticed. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A campaign with nothing due this long is checked for completion. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int RECONCILE_BATCH = 100;
    /** How often an attempt still up on the switch, or not yet checkable, is looked at again. */
    private static final long RECHECK_SECONDS = 10;
    /** How long {@link #close()} waits for a pass under way (it may be waiting on the store). */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Store store;
    private final Originator originator;
    private final DialerConfig config;
    private final String robotId;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final ScheduledExecutorService executor;
    private final SwitchLimits limits;
    private final WebhookSender webhooks;
    private final ObjectMapper json = new ObjectMapper();

    private final Map<Long, RunningCampaign> campaigns = new HashMap<>();
    private final Map<String, InFlightCall> inFlight = new HashMap<>();
    /** Attempts being settled by reconciliation, so they are not settled twice meanwhile. */
    private final Set<String> reconciling = new HashSet<>();
    private long refreshedAt = Long.MIN_VALUE;
    private long leasesRenewedAt;
    private ScheduledFuture<?> nextPass;
    private boolean closed;

    /**
     * @param executor a single thread of its own: the dialer blocks it on the store
     * @param webhooks delivers attempt outcomes to campaigns that have a webhook
     */
    public Dialer(Store store, Originator originator, DialerConfig config, String robotId, SwitchLimits limits,
            InstantSource clock, LongSupplier nanos, ScheduledExecutorService executor, WebhookSender webhooks) {
        this.store = store;
        this.originator = originator;
        this.config = config;
        this.robotId = robotId;
        this.limits = limits;
        this.clock = clock;
        this.nanos = nanos;
        this.executor = executor;
        this.webhooks = webhooks;
    }

    /** Hands {@code task} to the dialer's thread; after {@link #close} it is dropped. */
    private void post(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("dialer closed; dropped {}", task);
        }
    }

    /** Settles what a previous run of this robot left in flight, then starts dialling. */
    public void start() {
        leasesRenewedAt = nanos.getAsLong();
        post(() -> {
            reconcile(store.attempts().inFlight(robotId));
            pass();
        });
    }

    /** Reads the campaigns again now (after a start, pause, resume or stop through the API). */
    public void wake() {
        post(() -> {
            refreshedAt = Long.MIN_VALUE;
            pass();
        });
    }

    /** The robot's record of an ended call: the result of an answered attempt. */
    public void callRecorded(CallRecord record) {
        post(() -> {
            InFlightCall call = inFlight.get(record.uuid());
            if (call == null) {
                return;
            }
            Instant answered = call.answeredAt != null ? call.answeredAt : record.answeredAt();
            if (call.answeredAt == null && answered != null) {
                // the robot's record can overtake FreeSWITCH's answer to the originate
                store.attempts().markAnswered(call.uuid, answered);
            }
            Instant ended = record.endedAt() != null ? record.endedAt() : clock.instant();
            long duration = answered == null ? 0 : Math.max(0, Duration.between(answered, ended).toMillis());
            finish(call, AttemptOutcome.ANSWERED, record.hangupCause(), record.result(), ended, duration);
        });
    }

    @Override
    public void onConnected(boolean reconnected) {
        // mod_commands.c: "fsctl sps" answers the switch's sessions-per-second; above it calls fail as throttled
        originator.sessionsPerSecond().thenAccept(sps -> {
            if (sps > 0 && sps <= config.sessionsPerSecond()) {
                log.warn("FreeSWITCH allows {} sessions per second, dialer.sessionsPerSecond is {}: calls over the"
                        + " switch's limit fail; lower dialer.sessionsPerSecond or raise sessions-per-second",
                        sps, config.sessionsPerSecond());
            }
        });
        if (reconnected) {
            post(() -> reconcile(store.attempts().inFlight(robotId)));
        }
        wake();
    }

    @Override
    public void onCallEnded(String uuid, String hangupCause) {
        post(() -> {
            InFlightCall call = inFlight.get(uuid);
            if (call == null || call.endGrace != null) {
                return;
            }
            // the robot's record (with the flow's result) usually follows within the linger time
            call.endGrace = executor.schedule(() -> {
                if (inFlight.get(uuid) == call) {
                    Instant now = clock.instant();
                    long duration = call.answeredAt == null ? 0 : Duration.between(call.answeredAt, now).toMillis();
                    finish(call, AttemptOutcome.ANSWERED, hangupCause, null, now, duration);
                }
            }, config.endGrace().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Calls this robot has placed that have not ended, all campaigns. */
    public int inFlight() {
        return limits.active();
    }

    /**
     * Stops dialling and waits (up to {@value #CLOSE_WAIT_SECONDS} s) for a pass under way, so no
     * attempt is recorded after this returns; close it before the originator.
     */
    @Override
    public void close() {
        try {
            executor.submit(() -> {
                closed = true;
                if (nextPass != null) {
                    nextPass.cancel(false);
                }
            }).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            log.warn("dialer did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pass: read campaigns if due, start what may start, plan the next pass. */
    private void pass() {
        if (closed) {
            return;
        }
        try {
            long now = nanos.getAsLong();
            if (now - refreshedAt >= REFRESH_NANOS || refreshedAt == Long.MIN_VALUE) {
                refresh();
                refreshedAt = now;
            }
            if (now - leasesRenewedAt >= config.lease().toNanos() / 3) {
                store.contacts().renewLeases(robotId, clock.instant().plus(config.lease()));
                reconcileExpired();
                leasesRenewedAt = now;
            }
            long wakeAt = now + MAX_SLEEP_NANOS;
            for (RunningCampaign campaign : List.copyOf(campaigns.values())) {
                wakeAt = Math.min(wakeAt, dial(campaign));
            }
            schedule(Math.max(0, wakeAt - nanos.getAsLong()));
        } catch (RuntimeException e) {
            // a database that went away: nothing is lost (claims and attempts are transactional); try again shortly
            log.error("dialer pass failed; retrying in 2 s: {}", e.toString());
            schedule(TimeUnit.SECONDS.toNanos(2));
        }
    }

    private void schedule(long delayNanos) {
        if (nextPass != null) {
            nextPass.cancel(false);
        }
        nextPass = executor.schedule(this::pass, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The running campaigns from the store; a campaign no longer running keeps its calls in flight. */
    private void refresh() {
        Set<Long> running = new HashSet<>();
        for (CampaignRow row : store.campaigns().list()) {
            if (row.state() != CampaignState.RUNNING) {
                continue;
            }
            running.add(row.id());
            if (!campaigns.containsKey(row.id())) {
                try {
                    campaigns.put(row.id(), new RunningCampaign(row, limits));
                    log.info("campaign {} ({}) running on robot {}", row.id(), row.name(), robotId);
                } catch (RuntimeException e) {
                    log.error("campaign {} cannot run: {}", row.id(), e.getMessage());
                }
            }
        }
        campaigns.values().forEach(c -> c.running = running.contains(c.id));
        campaigns.values().removeIf(c -> !c.running && inFlight.values().stream().noneMatch(f -> f.campaign == c));
    }

    /** Starts the calls {@code campaign} may start now; returns when it may start another. */
    private long dial(RunningCampaign campaign) {
        Instant now = clock.instant();
        long nowNanos = nanos.getAsLong();
        if (!campaign.open(now) || !originator.isConnected()) {
            return nowNanos + MAX_SLEEP_NANOS;
        }
        while (campaign.pacer.nextStartAt(nowNanos) <= nowNanos) {
            List<ContactRow> claimed = store.contacts().claimDue(campaign.id, robotId, now,
                    now.plus(config.lease()), 1);
            if (claimed.isEmpty()) {
                checkCompleted(campaign, nowNanos);
                return nowNanos + MAX_SLEEP_NANOS;
            }
            campaign.idleSinceNanos = -1;
            CampaignPacer.Permit permit = campaign.pacer.tryStart(nowNanos);
            if (permit == null) {
                release(campaign, claimed.get(0), now);
                break;
            }
            place(campaign, claimed.get(0), permit, now);
            now = clock.instant();
            nowNanos = nanos.getAsLong();
        }
        long next = campaign.pacer.nextStartAt(nowNanos);
        return next == CampaignPacer.WHEN_A_CALL_ENDS ? nowNanos + MAX_SLEEP_NANOS : next;
    }

    /** Gives a claimed contact back untouched, due at once for the next pass. */
    private void release(RunningCampaign campaign, ContactRow contact, Instant now) {
        ContactStatus back = contact.attempts() == 0 ? ContactStatus.PENDING : ContactStatus.RETRY_WAIT;
        store.contacts().release(contact.id(), robotId, new ContactNext(back, now, null));
    }

    private void place(RunningCampaign campaign, ContactRow contact, CampaignPacer.Permit permit, Instant now) {
        LocalDate day = campaign.window.dayOf(now);
        if (!store.counters().tryReserve(day, campaign.caps(contact.phone()))) {
            permit.end(AttemptOutcome.FAILED, nanos.getAsLong());
            Optional<Instant> tomorrow = campaign.window.nextOpeningAfterDay(now);
            store.contacts().release(contact.id(), robotId, tomorrow
                    .map(at -> new ContactNext(contact.attempts() == 0 ? ContactStatus.PENDING : ContactStatus.RETRY_WAIT, at, null))
                    .orElse(new ContactNext(ContactStatus.DONE, null, "daily_cap")));
            return;
        }
        String uuid = UUID.randomUUID().toString();
        String callerId = campaign.callerIds == null ? null : campaign.callerIds.next();
        Originating recorded = store.attempts().recordOriginating(new NewAttempt(uuid, campaign.id, contact.id(),
                robotId, contact.phone(), callerId, now));
        if (recorded != Originating.RECORDED) {
            permit.end(AttemptOutcome.FAILED, nanos.getAsLong());
            store.counters().release(day, campaign.caps(contact.phone()).stream().map(DailyCap::scope).toList());
            if (recorded == Originating.DO_NOT_CALL) {
                store.contacts().release(contact.id(), robotId, new ContactNext(ContactStatus.DNC, null, "dnc"));
            }
            log.info("contact {} of campaign {} not called: {}", contact.id(), campaign.id, recorded);
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>(campaign.settings.variables());
        variables.putAll(CampaignRecords.variables(contact.variables()));
        InFlightCall call = new InFlightCall(uuid, campaign, contact, permit, now);
        inFlight.put(uuid, call);
        OriginateRequest request;
        try {
            request = new OriginateRequest(uuid, contact.phone(), campaign.dialString, callerId,
                    config.ringTimeout(), campaign.settings.flow(), Long.toString(campaign.id),
                    Long.toString(contact.id()), variables, campaign.settings.record());
        } catch (IllegalArgumentException e) {
            // a contact variable FreeSWITCH must not receive, or a number the template refuses
            finish(call, AttemptOutcome.FAILED, "INVALID_REQUEST: " + e.getMessage(), null, now, 0);
            return;
        }
        originator.originate(request).whenComplete((result, error) ->
                post(() -> originated(uuid, result, error)));
    }

    private void originated(String uuid, OriginateResult result, Throwable error) {
        InFlightCall call = inFlight.get(uuid);
        if (call == null) {
            return;
        }
        Instant now = clock.instant();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof OriginateInDoubtException) {
                // the socket dropped after the originate went out: settled on reconnect, never redialled blind
                log.warn("attempt {} in doubt: {}", uuid, cause.getMessage());
                return;
            }
            AttemptOutcome outcome = cause instanceof EslConnectionException ? AttemptOutcome.THROTTLED : AttemptOutcome.FAILED;
            finish(call, outcome, "ORIGINATE_FAILED: " + cause.getMessage(), null, now, 0);
            return;
        }
        if (result.answered()) {
            call.answeredAt = now;
            store.attempts().markAnswered(uuid, now);
            return;
        }
        finish(call, outcome(result.outcome()), result.cause(), null, now, 0);
    }

    /** The campaign's outcome for the switch's classification: a switch failure is a throttle. */
    private static AttemptOutcome outcome(io.callrobot.esl.inbound.originate.AttemptOutcome switchOutcome) {
        return switchOutcome == io.callrobot.esl.inbound.originate.AttemptOutcome.SWITCH_FAILURE
                ? AttemptOutcome.THROTTLED : AttemptOutcome.parse(switchOutcome.id());
    }

    /** Ends an attempt: the contact's next step by the retry policy, in one transaction with the attempt. */
    private void finish(InFlightCall call, AttemptOutcome outcome, String cause, String result, Instant endedAt,
            long durationMs) {
        inFlight.remove(call.uuid);
        if (call.endGrace != null) {
            call.endGrace.cancel(false);
        }
        int attempts = call.contact.attempts() + (outcome.countsAsAttempt() ? 1 : 0);
        settle(call.campaign, call.uuid, call.contact, outcome, cause, result, endedAt, durationMs, attempts);
        call.permit.end(outcome, nanos.getAsLong());
        wakeSoon();
    }

    private void settle(RunningCampaign campaign, String uuid, ContactRow contact, AttemptOutcome outcome,
            String cause, String result, Instant endedAt, long durationMs, int attempts) {
        RetryDecision decision = campaign.retry.decide(outcome, result, Math.max(attempts, outcome.countsAsAttempt() ? 1 : 0), endedAt);
        ContactNext next = switch (decision) {
            case RetryDecision.Retry retry -> new ContactNext(ContactStatus.RETRY_WAIT, retry.at(), null);
            case RetryDecision.Done done -> new ContactNext(ContactStatus.DONE, null, outcome.id());
        };
        boolean first = store.attempts().finish(new AttemptEnd(uuid, outcome.id(), cause, result, endedAt, durationMs), next);
        log.info("attempt {} contact {} campaign {}: {} {} {} -> {}", uuid, contact.id(), campaign.id, outcome.id(),
                cause == null ? "" : cause, result == null ? "" : result, next.status().id());
        if (first && campaign.webhook != null && webhooks != null) {
            ObjectNode body = json.createObjectNode()
                    .put("campaignId", campaign.id).put("contactId", contact.id()).put("phone", contact.phone())
                    .put("callUuid", uuid).put("outcome", outcome.id()).put("result", result)
                    .put("hangupCause", cause).put("durationMs", durationMs).put("attempts", attempts)
                    .put("endedAt", endedAt.toString()).put("next", next.status().id());
            CampaignRecords.variables(contact.variables()).forEach(body.putObject("variables")::put);
            store.callRecords().get(uuid).ifPresent(r -> body.put("transcript", r.transcript()));
            webhooks.send(campaign.webhook, uuid, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void wakeSoon() {
        schedule(0);
    }

    private void checkCompleted(RunningCampaign campaign, long nowNanos) {
        if (campaign.idleSinceNanos < 0) {
            campaign.idleSinceNanos = nowNanos;
            return;
        }
        if (nowNanos - campaign.idleSinceNanos < IDLE_CHECK_NANOS
                || inFlight.values().stream().anyMatch(f -> f.campaign == campaign)) {
            return;
        }
        campaign.idleSinceNanos = nowNanos;
        // contacts whose number went on a do-not-call list are never claimed: settle them as dnc
        store.contacts().markDnc(campaign.id);
        var counts = store.campaigns().counts(campaign.id);
        long open = counts.byStatus().getOrDefault(ContactStatus.PENDING, 0L)
                + counts.byStatus().getOrDefault(ContactStatus.DIALING, 0L)
                + counts.byStatus().getOrDefault(ContactStatus.RETRY_WAIT, 0L);
        if (open == 0) {
            try {
                store.campaigns().setState(campaign.id, CampaignState.COMPLETED);
                log.info("campaign {} completed: every contact settled", campaign.id);
            } catch (IllegalStateException e) {
                log.debug("campaign {} not completed: {}", campaign.id, e.getMessage());
            }
            campaign.running = false;
        }
    }

    /** Attempts of robots whose leases ran out (a robot that died): settle them as unknown. */
    private void reconcileExpired() {
        List<AttemptRow> orphans = new ArrayList<>();
        for (ContactRow contact : store.contacts().expiredLeases(clock.instant(), RECONCILE_BATCH)) {
            if (contact.lastCallUuid() != null && !inFlight.containsKey(contact.lastCallUuid())) {
                store.attempts().get(contact.lastCallUuid())
                        .filter(a -> a.state() != AttemptState.ENDED)
                        .ifPresent(orphans::add);
            }
        }
        reconcile(orphans);
    }

    /**
     * Settles attempts nobody is following any more: still up on the switch, check again later; gone,
     * the robot's record says how it went, else it ended unknown ({@code failed}, cause
     * {@code RECONCILED}) and the retry policy decides, never an immediate redial.
     */
    private void reconcile(List<AttemptRow> attempts) {
        for (AttemptRow attempt : attempts) {
            InFlightCall followed = inFlight.get(attempt.callUuid());
            // an answered call this run follows ends through FreeSWITCH's hang-up report and the robot's record
            if (followed != null && followed.answeredAt != null || !reconciling.add(attempt.callUuid())) {
                continue;
            }
            originator.exists(attempt.callUuid()).whenComplete((up, error) -> post(() -> {
                reconciling.remove(attempt.callUuid());
                if (error != null || up) {
                    // unknown yet, or the call is still up on the switch: look again later
                    executor.schedule(() -> reconcile(List.of(attempt)), RECHECK_SECONDS, TimeUnit.SECONDS);
                } else {
                    settleOrphan(attempt);
                }
            }));
        }
    }

    private void settleOrphan(AttemptRow attempt) {
        if (store.attempts().get(attempt.callUuid()).map(a -> a.state() == AttemptState.ENDED).orElse(true)) {
            inFlight.remove(attempt.callUuid());
            return;
        }
        InFlightCall call = inFlight.remove(attempt.callUuid());
        if (call != null) {
            call.permit.end(AttemptOutcome.FAILED, nanos.getAsLong());
        }
        Optional<CampaignRow> row = store.campaigns().get(attempt.campaignId());
        Optional<ContactRow> contact = store.contacts().get(attempt.contactId());
        if (row.isEmpty() || contact.isEmpty()) {
            return;
        }
        RunningCampaign campaign = campaigns.get(attempt.campaignId());
        if (campaign == null) {
            campaign = new RunningCampaign(row.get(), limits);
        }
        Instant now = clock.instant();
        var record = store.callRecords().get(attempt.callUuid());
        if (record.isPresent()) {
            var r = record.get();
            settle(campaign, attempt.callUuid(), contact.get(), AttemptOutcome.ANSWERED, r.hangupCause(), r.result(),
                    r.endedAt() == null ? now : r.endedAt(), r.durationMs(),
                    contact.get().attempts());
        } else {
            settle(campaign, attempt.callUuid(), contact.get(), AttemptOutcome.FAILED, "RECONCILED", null, now, 0,
                    contact.get().attempts());
        }
    }
}
