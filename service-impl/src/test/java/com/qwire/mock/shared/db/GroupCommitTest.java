package com.qwire.mock.shared.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** Every write's items, in the order the writer was called. */
    private final List<List<String>> writes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
    /** The first write waits for it: what is queued meanwhile goes as the next group. */
    private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);

    static final class ItemFault extends RuntimeException {
        ItemFault(String item) {
            super("taken: " + item);
        }
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    private GroupCommit<String> groupCommit(int maxGroup, Consumer<List<String>> fails) {
        return new GroupCommit<>(maxGroup, items -> {
            boolean first = writes.isEmpty();
            writes.add(List.copyOf(items));
            if (first) {
                try {
                    assertThat(firstWriteMayEnd.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            fails.accept(items);
            committed.addAll(items);
        }, e -> e instanceof ItemFault, groupSizes::add);
    }

    /** Each caller returns only once its item is committed; the future answers what it threw, if anything. */
    private Future<Throwable> write(GroupCommit<String> commit, String item) {
        return callers.submit(() -> {
            try {
                commit.write(item);
                assertThat(committed).as("committed before its caller returns").contains(item);
                return null;
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
    }

    /** "first" is being written; then the others queue behind it, in this order. */
    private Map<String, Future<Throwable>> queueBehindAWrite(GroupCommit<String> commit, List<String> others) {
        Map<String, Future<Throwable>> outcomes = new java.util.LinkedHashMap<>();
        outcomes.put("first", write(commit, "first"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !writes.isEmpty());
        for (String item : others) {
            outcomes.put(item, write(commit, item));
            int queued = outcomes.size();
            await().atMost(10, TimeUnit.SECONDS).until(() -> commit.queued() == queued);
        }
        return outcomes;
    }

    private static Throwable outcome(Future<Throwable> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void anItemAloneIsWrittenAtOnce() {
        firstWriteMayEnd.countDown();
        GroupCommit<String> commit = groupCommit(64, items -> { });
        commit.write("a");
        commit.write("b");
        assertThat(writes).containsExactly(List.of("a"), List.of("b"));
        assertThat(groupSizes).containsExactly(1, 1);
        assertThat(commit.queued()).isZero();
    }

    @Test
    void whatQueuesDuringAWriteGoesAsTheNextGroupInOrder() throws Exception {
        GroupCommit<String> commit = groupCommit(64, items -> { });
        List<String> others = List.of("b", "c", "d", "e", "f", "g", "h", "i", "j");
        Map<String, Future<Throwable>> outcomes = queueBehindAWrite(commit, others);
        assertThat(committed).as("nothing committed while the first write lasts").isEmpty();
        firstWriteMayEnd.countDown();
        for (Future<Throwable> f : outcomes.values()) {
            assertThat(outcome(f)).isNull();
        }
        assertThat(writes).containsExactly(List.of("first"), others);
        assertThat(groupSizes).containsExactly(1, 9);
    }

    @Test
    void aGroupHoldsAtMostMaxGroupItems() throws Exception {
        GroupCommit<String> commit = groupCommit(4, items -> { });
        Map<String, Future<Throwable>> outcomes = queueBehindAWrite(commit, List.of("b", "c", "d", "e", "f", "g", "h", "i", "j"));
        firstWriteMayEnd.countDown();
        for (Future<Throwable> f : outcomes.values()) {
            assertThat(outcome(f)).isNull();
        }
        assertThat(writes).containsExactly(List.of("first"), List.of("b", "c", "d", "e"), List.of("f", "g", "h", "i"), List.of("j"));
    }

    @Test
    void anItemsOwnFaultFailsItAloneAndTheOthersAreWrittenOneByOne() throws Exception {
        GroupCommit<String> commit = groupCommit(64, items -> {
            if (items.contains("taken")) {
                throw new ItemFault("taken");
            }
        });
        Map<String, Future<Throwable>> outcomes = queueBehindAWrite(commit, List.of("b", "taken", "d"));
        firstWriteMayEnd.countDown();
        assertThat(outcome(outcomes.get("taken"))).isInstanceOf(ItemFault.class).hasMessage("taken: taken");
        for (String item : List.of("first", "b", "d")) {
            assertThat(outcome(outcomes.get(item))).as(item).isNull();
        }
        assertThat(writes).containsExactly(List.of("first"), List.of("b", "taken", "d"), List.of("b"), List.of("taken"), List.of("d"));
        assertThat(committed).containsExactlyInAnyOrder("first", "b", "d");
        assertThat(groupSizes).containsExactly(1, 1, 1);
    }

    @Test
    void anyOtherFailureIsEveryItemsOfTheGroupAndTheNextGroupGoesOn() throws Exception {
        RuntimeException down = new IllegalStateException("database unreachable");
        GroupCommit<String> commit = groupCommit(2, items -> {
            if (items.contains("b")) {
                throw down;
            }
        });
        Map<String, Future<Throwable>> outcomes = queueBehindAWrite(commit, List.of("b", "c", "d"));
        firstWriteMayEnd.countDown();
        assertThat(outcome(outcomes.get("b"))).isSameAs(down);
        assertThat(outcome(outcomes.get("c"))).isSameAs(down);
        assertThat(outcome(outcomes.get("first"))).isNull();
        assertThat(outcome(outcomes.get("d"))).isNull();
        assertThat(writes).as("not retried one by one").containsExactly(List.of("first"), List.of("b", "c"), List.of("d"));
        assertThat(committed).containsExactlyInAnyOrder("first", "d");
    }

    @Test
    void anErrorReachesEveryCallerOfTheGroupInsteadOfLeavingThemWaiting() throws Exception {
        GroupCommit<String> commit = groupCommit(64, items -> {
            if (items.contains("b")) {
                throw new OutOfMemoryError("simulated");
            }
        });
        Map<String, Future<Throwable>> outcomes = queueBehindAWrite(commit, List.of("b", "c"));
        firstWriteMayEnd.countDown();
        assertThat(outcome(outcomes.get("b"))).isInstanceOf(OutOfMemoryError.class);
        assertThat(outcome(outcomes.get("c"))).isInstanceOf(OutOfMemoryError.class);
        assertThat(outcome(outcomes.get("first"))).isNull();
        assertThat(commit.queued()).isZero();
    }

    @Test
    void aGroupOfOneIsNotWrittenTwice() {
        firstWriteMayEnd.countDown();
        GroupCommit<String> commit = groupCommit(64, items -> {
            throw new ItemFault(items.get(0));
        });
        assertThatThrownBy(() -> commit.write("a")).isInstanceOf(ItemFault.class);
        assertThat(writes).containsExactly(List.of("a"));
    }

    @Test
    void maxGroupMustBePositive() {
        assertThatThrownBy(() -> new GroupCommit<String>(0, items -> { }, e -> false, size -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
