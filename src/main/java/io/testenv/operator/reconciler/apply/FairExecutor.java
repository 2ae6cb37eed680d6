package io.testenv.operator.reconciler.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A fixed number of threads that take their work from a {@link FairQueue}: each namespace's tasks in turn rather
 * than all in the order they came. Under a flood of environments in one namespace, the applies of an environment
 * in another namespace wait for one task per busy namespace, not for the whole flood.
 */
final class FairExecutor implements AutoCloseable {

    private final FairQueue<Runnable> queue = new FairQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    FairExecutor(int size, String name) {
        for (int i = 0; i < size; i++) {
            Thread thread = new Thread(this::serve, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Runs the work on one of the threads when its key's turn comes. */
    <T> CompletableFuture<T> supply(String key, Supplier<T> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(supplier.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        lock.lock();
        try {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("stopping"));
                return result;
            }
            queue.add(key, task);
            work.signal();
        } finally {
            lock.unlock();
        }
        return result;
    }

    private void serve() {
        while (!closed) {
            Optional<Runnable> next;
            lock.lock();
            try {
                next = queue.poll();
                while (next.isEmpty() && !closed) {
                    work.await();
                    next = queue.poll();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            next.ifPresent(Runnable::run);
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
