package dev.camrelay;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code camrelay-delivery-N} threads, where a viewer's next write starts when a frame arrives
 * for an idle viewer (completions then continue on Jetty's threads). The task queue needs no bound
 * of its own: a viewer's pump submits only when it goes from idle to busy, so the queue holds at
 * most one task per viewer, and viewers are bounded per stream and streams in number.
 */
final class DeliveryExecutor implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;

    DeliveryExecutor() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        runnable -> {
                            Thread thread =
                                    new Thread(
                                            runnable,
                                            "camrelay-delivery-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
