package io.tickstream.push.channel;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A channel's subscribers grouped by the thread that serves their connection (its Netty event loop).
 * One task per event loop hands an update to all its subscribers there, instead of one cross-thread
 * hand-off per subscriber: the queue, the WebSocket encoding and the write then run on the
 * connection's own thread without locks contended or loops woken per message. Arrays are replaced on
 * change (subscriptions change rarely, updates often), so a task keeps the members of the moment it
 * was made: a later subscriber already has the update in its snapshot. Not thread-safe: the channel's
 * lock guards it.
 */
final class SubscriberGroups {

    private static final Subscriber[] NONE = {};
    private static final Executor DIRECT = Runnable::run;

    private final Map<Executor, Subscriber[]> groups = new IdentityHashMap<>(8);
    private int size;

    void add(Subscriber subscriber) {
        Executor executor = executor(subscriber);
        Subscriber[] members = groups.getOrDefault(executor, NONE);
        for (Subscriber member : members) {
            if (member == subscriber) {
                return;
            }
        }
        Subscriber[] grown = Arrays.copyOf(members, members.length + 1);
        grown[members.length] = subscriber;
        groups.put(executor, grown);
        size++;
    }

    void remove(Subscriber subscriber) {
        Executor executor = executor(subscriber);
        Subscriber[] members = groups.get(executor);
        if (members == null) {
            return;
        }
        for (int i = 0; i < members.length; i++) {
            if (members[i] == subscriber) {
                if (members.length == 1) {
                    groups.remove(executor);
                } else {
                    Subscriber[] shrunk = new Subscriber[members.length - 1];
                    System.arraycopy(members, 0, shrunk, 0, i);
                    System.arraycopy(members, i + 1, shrunk, i, members.length - i - 1);
                    groups.put(executor, shrunk);
                }
                size--;
                return;
            }
        }
    }

    /** Runs {@code action} for every subscriber, on each group's executor, in submission order per executor. */
    void forEach(Consumer<Subscriber> action) {
        for (Map.Entry<Executor, Subscriber[]> group : groups.entrySet()) {
            Subscriber[] members = group.getValue();
            group.getKey().execute(() -> {
                for (Subscriber member : members) {
                    action.accept(member);
                }
            });
        }
    }

    int size() {
        return size;
    }

    private static Executor executor(Subscriber subscriber) {
        Executor executor = subscriber.executor();
        return executor == null ? DIRECT : executor;
    }
}
