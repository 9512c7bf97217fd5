package com.qwire.mock.shared.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Writes that many threads make at the same time, gathered into one transaction each turn (group commit, as
 * LevelDB's writers and InnoDB's own log flush do it; issue 8: on this VM a round trip and a COMMIT cost the
 * database more than the rows they carry). A caller queues its item; the caller at the head of the queue takes
 * up to {@code maxGroup} items from there, writes them with one call of {@code writer} outside the lock, then
 * hands every caller of that group its outcome and wakes the new head. Nobody waits for a timer: alone, an item
 * is written at once, as before; under load, what queued while one group was being written goes as the next.
 * Every caller returns only once its item is committed, or with the failure that kept it from being.
 *
 * <p>One group is written at a time. A failure that a single item may cause alone ({@code itemFault}: a unique
 * key taken) makes the group's items be written again one by one, so that only the item at fault fails; any
 * other failure (the database unreachable) is every item's. Bounded: at most {@code maxGroup} items per write;
 * the queue holds at most one item per calling thread (each caller waits for its own).
 */
public final class GroupCommit<T> {
    private final int maxGroup;
    private final Consumer<List<T>> writer;
    private final Predicate<RuntimeException> itemFault;
    private final IntConsumer groupWritten;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter<T>> queue = new ArrayDeque<>();

    /** {@code groupWritten} hears the size of each group written (one by one after an item's fault: sizes of 1). */
    public GroupCommit(int maxGroup, Consumer<List<T>> writer, Predicate<RuntimeException> itemFault, IntConsumer groupWritten) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.maxGroup = maxGroup;
        this.writer = writer;
        this.itemFault = itemFault;
        this.groupWritten = groupWritten;
    }

    private static final class Waiter<T> {
        final T item;
        final Condition turn;
        boolean done;
        Throwable failure;

        Waiter(T item, Condition turn) {
            this.item = item;
            this.turn = turn;
        }
    }

    /** Writes {@code item}, alone or with others; returns once it is committed, or throws what kept it from being. */
    public void write(T item) {
        Waiter<T> me = new Waiter<>(item, lock.newCondition());
        List<Waiter<T>> group;
        lock.lock();
        try {
            queue.addLast(me);
            while (!me.done && queue.peekFirst() != me) {
                me.turn.awaitUninterruptibly();
            }
            if (me.done) {
                rethrow(me.failure);
                return;
            }
            group = new ArrayList<>(Math.min(maxGroup, queue.size()));
            for (Iterator<Waiter<T>> it = queue.iterator(); it.hasNext() && group.size() < maxGroup; ) {
                group.add(it.next());
            }
        } finally {
            lock.unlock();
        }
        Throwable[] failures = writeGroup(group);
        lock.lock();
        try {
            for (int i = 0; i < group.size(); i++) {
                Waiter<T> w = queue.pollFirst();
                w.failure = failures[i];
                w.done = true;
                w.turn.signal();
            }
            Waiter<T> next = queue.peekFirst();
            if (next != null) {
                next.turn.signal();
            }
        } finally {
            lock.unlock();
        }
        rethrow(me.failure);
    }

    /** How many callers are queued now, the one writing included. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Each item's failure, or null where it was committed. */
    private Throwable[] writeGroup(List<Waiter<T>> group) {
        Throwable[] failures = new Throwable[group.size()];
        try {
            writer.accept(group.stream().map(w -> w.item).toList());
            groupWritten.accept(group.size());
            return failures;
        } catch (RuntimeException e) {
            if (group.size() == 1 || !itemFault.test(e)) {
                Arrays.fill(failures, e);
                return failures;
            }
        } catch (Error e) {
            Arrays.fill(failures, e);
            return failures;
        }
        for (int i = 0; i < group.size(); i++) {
            try {
                writer.accept(List.of(group.get(i).item));
                groupWritten.accept(1);
            } catch (RuntimeException | Error e) {
                failures[i] = e;
            }
        }
        return failures;
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
