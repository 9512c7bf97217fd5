package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.AttemptError;
import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.CallbackTarget;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.order.domain.EventLeases;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.random.RandomSource;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.EmptyOutbox;
import com.qwire.mock.testing.TestReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leases the dispatcher gives events as they are written (issue 8): only from free slots and within
 * each target's share, given back when the transaction starts over or does not commit, none before the
 * dispatcher runs, and a leased event goes out once — as attempt 1 of its owner — when its transaction commits.
 * And when a recorded outcome wakes the claim loop: only when events may wait for its slot or it failed.
 */
class DispatcherLeasesTest {
    private static final String A = "http://127.0.0.1:9";
    private static final String B = "http://127.0.0.1:10";

    private final StubOutbox outbox = new StubOutbox();
    /** Polls a minute apart: every claim after the first is one a wake-up caused. */
    private final Config config = Config.from(Map.of("QWIRE_DISPATCH_CONCURRENCY", "4", "QWIRE_TARGET_CONCURRENCY", "2",
            "QWIRE_CALLBACK_TIMEOUT_MS", "1000", "QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", "500", "QWIRE_SCHEDULER_POLL_MS", "60000"));
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();
    private final WebhookSender sender = new WebhookSender(config.delivery(),
            new WebhookSignatures(config.delivery().webhookSecret(), Clock.systemUTC()), Clock.systemUTC(), config.callbackUrlPolicy());
    private final OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, sender,
            new RetryPolicy(config.delivery(), RandomSource.create(OptionalLong.of(7))), Clock.systemUTC(), config.delivery(),
            config.circuits(), "owner-1", new SimpleMeterRegistry());

    @AfterEach
    void close() {
        dispatcher.close();
        sender.close();
    }

    private void started() {
        dispatcher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.claims.get() > 0); // found nothing due: no backlog
    }

    @Test
    void noLeaseBeforeTheDispatcherRuns() {
        OutboxDispatcher.Leases leases = dispatcher.leasesFor(10);
        assertThat(leases.take(A)).as("under a manual clock the driver delivers every instant in due order").isEmpty();
        leases.abandon();
    }

    @Test
    void leasesComeFromFreeSlotsWithinEachTargetsShare() {
        started();
        OutboxDispatcher.Leases leases = dispatcher.leasesFor(10);
        assertThat(leases.take(A)).contains(new EventLeases.Lease("owner-1", config.delivery().lease()));
        assertThat(leases.take(A)).isPresent();
        assertThat(leases.take(A)).as("A's share is 2").isEmpty();
        assertThat(leases.take(B)).isPresent();
        assertThat(leases.take(B)).isPresent();
        assertThat(dispatcher.leasesFor(10).take(B)).as("all 4 slots are taken").isEmpty();

        leases.begin(); // the transaction starts over: what it took is given back
        assertThat(leases.take(A)).isPresent();
        assertThat(leases.take(A)).isPresent();
        leases.abandon();

        OutboxDispatcher.Leases again = dispatcher.leasesFor(10);
        assertThat(List.of(again.take(A), again.take(A), again.take(B), again.take(B)))
                .as("an abandoned transaction gives back its slots and shares").allMatch(Optional::isPresent);
        again.abandon();
    }

    @Test
    void aLeasedEventGoesOutOnceAsItsOwnersFirstAttemptWhenItsTransactionCommits() {
        started();
        OutboxDispatcher.Leases leases = dispatcher.leasesFor(10);
        assertThat(leases.take(A)).isPresent();
        assertThat(leases.take(B)).isPresent(); // taken, but that event was not written under it
        UUID event = UUID.randomUUID();
        leases.leased(new CallbackOutbox.Delivery(event, UUID.randomUUID(), 1, false, "{}", A + "/hooks", "trace-1", Instant.now()));
        assertThat(outbox.completed).isEmpty();

        leases.send();

        // Nothing listens on port 9: the attempt is refused, and its outcome written by the lease holder.
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.completed.size() == 1);
        CallbackOutbox.Completion done = outbox.completed.get(0);
        assertThat(done.delivery().eventId()).isEqualTo(event);
        assertThat(done.attempt().attempt()).isEqualTo(1);
        assertThat(done.attempt().errorClass()).isEqualTo(AttemptError.CONNECTION_REFUSED);
        assertThat(done.attempt().after()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(outbox.owners).containsOnly("owner-1");

        OutboxDispatcher.Leases after = dispatcher.leasesFor(10);
        assertThat(List.of(after.take(B), after.take(B), after.take(A), after.take(A)))
                .as("every slot and share is back once the outcome is written").allMatch(Optional::isPresent);
        after.abandon();
    }

    @Test
    void aDeliveredOutcomeWithNothingWaitingLeavesTheClaimLoopAsleep() {
        started();
        OutboxDispatcher.Leases leases = dispatcher.leasesFor(1);
        String target = CallbackTarget.keyOf(receiver.url());
        assertThat(leases.take(target)).isPresent();
        leases.leased(delivery(receiver.url()));
        leases.send();

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.completed.size() == 1);
        assertThat(outbox.completed.get(0).attempt().after()).isEqualTo(DeliveryStatus.DELIVERED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> outbox.claims.get() == 1);
    }

    @Test
    void aFailedAttemptWakesTheClaimLoop() {
        started();
        OutboxDispatcher.Leases leases = dispatcher.leasesFor(1);
        assertThat(leases.take(A)).isPresent();
        leases.leased(delivery(A + "/hooks")); // refused: its retry may come due before the next poll
        leases.send();

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.claims.get() >= 2);
        assertThat(outbox.completed).singleElement().satisfies(c -> assertThat(c.attempt().after()).isEqualTo(DeliveryStatus.PENDING));
    }

    @Test
    void eventsLeftBehindATargetsFullShareGoOutAsSlotsFree() {
        // Three due for one target whose share is 2: the claim takes 2, the next finds the target at its share,
        // and the third waits for a slot; only a recorded outcome's wake-up gets it out before the next poll.
        for (int i = 0; i < 3; i++) {
            outbox.due.add(delivery(receiver.url()));
        }
        dispatcher.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.completed.size() == 3);
        assertThat(outbox.completed).allSatisfy(c -> assertThat(c.attempt().after()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    private static CallbackOutbox.Delivery delivery(String url) {
        return new CallbackOutbox.Delivery(UUID.randomUUID(), UUID.randomUUID(), 1, false, "{}", url, "trace-1", Instant.now());
    }

    /** Due: what {@code due} holds (one target at a time), claimed within each target's share; counts the claims and records the outcomes the dispatcher writes. */
    private static final class StubOutbox extends EmptyOutbox {
        final AtomicInteger claims = new AtomicInteger();
        final List<Completion> completed = new CopyOnWriteArrayList<>();
        final List<String> owners = new CopyOnWriteArrayList<>();
        final Queue<Delivery> due = new ConcurrentLinkedQueue<>();

        @Override
        public List<DueTarget> dueTargets(Instant now, int limit) {
            Delivery next = due.peek();
            return next == null ? List.of() : List.of(new DueTarget(next.target(), now));
        }

        @Override
        public List<Delivery> claim(Instant now, Map<String, Integer> perTarget, String owner, Duration lease) {
            claims.incrementAndGet();
            List<Delivery> claimed = new ArrayList<>();
            while (!due.isEmpty() && claimed.size() < perTarget.getOrDefault(due.peek().target(), 0)) {
                claimed.add(due.poll());
            }
            return claimed;
        }

        @Override
        public List<Boolean> completeAll(String owner, List<Completion> completions) {
            owners.add(owner);
            completed.addAll(completions);
            return completions.stream().map(c -> true).toList();
        }
    }
}
