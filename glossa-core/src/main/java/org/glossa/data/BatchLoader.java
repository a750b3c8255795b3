package org.glossa.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One epoch of batches, prefetched in the background: up to {@code 2 x workers} batches are built ahead
 * while the caller trains on the current one. Batches come out in plan order whatever the thread timing.
 * Close it (try-with-resources) to stop the workers.
 */
public final class BatchLoader implements Iterable<Batch>, AutoCloseable {

  private final Batcher batcher;
  private final List<int[]> plan;
  private final int epoch;
  private final ExecutorService executor;
  private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
  private int submitted;
  private int taken;

  BatchLoader(Batcher batcher, List<int[]> plan, int epoch, int workers) {
    if (workers < 0) {
      throw new IllegalArgumentException("--workers must be >= 0, got " + workers);
    }
    this.batcher = batcher;
    this.plan = plan;
    this.epoch = epoch;
    this.executor = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "glossa-batches");
      t.setDaemon(true);
      return t;
    });
    if (executor != null) {
      for (int i = 0; i < 2 * workers; i++) {
        submitNext();
      }
    }
  }

  private void submitNext() {
    if (submitted < plan.size()) {
      int index = submitted++;
      ahead.add(executor.submit(() -> batcher.build(plan.get(index), epoch, index)));
    }
  }

  public int numBatches() {
    return plan.size();
  }

  @Override
  public Iterator<Batch> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return taken < plan.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int index = taken++;
        if (executor == null) {
          return batcher.build(plan.get(index), epoch, index);
        }
        Future<Batch> future = ahead.poll();
        submitNext();
        try {
          return future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    };
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
