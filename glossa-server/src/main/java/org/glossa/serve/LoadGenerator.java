package org.glossa.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.glossa.eval.Percentile;

/**
 * A load test for {@code glossa serve}: {@code streams} WebSocket clients each replay a recording in real time,
 * over and over (an {@code end} after each pass, then waiting for its {@code final}), for a given duration. It
 * counts frames, replies and errors, measures the reply latency (from sending the frame that completed a window to
 * the reply it triggered) and samples the server's memory from {@code /health} every few seconds.
 */
public final class LoadGenerator {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One reading of the server's {@code /health}. */
  public record MemorySample(double seconds, long rssMb, long heapUsedMb, int sessions) {
  }

  /** What a run measured. */
  public record Result(int streams, double seconds, long framesSent, long replies, long errors, String firstError,
      long utterances, double framesPerSecond, double latencyP50Ms, double latencyP90Ms, double latencyP99Ms,
      double latencyMaxMs, List<MemorySample> memory) {

    /** Resident memory growth from the first sample after warm-up (a quarter of the run) to the last, in MB. */
    public long rssGrowthMb() {
      List<MemorySample> settled = memory.stream().filter(m -> m.seconds() >= seconds / 4).toList();
      return settled.size() < 2 ? 0 : settled.get(settled.size() - 1).rssMb() - settled.get(0).rssMb();
    }
  }

  private final URI base;
  private final List<String> frames;
  private final float fps;
  private final int streams;
  private final Duration duration;
  private final Duration sampleEvery;
  private final int passes;

  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong utterances = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Double> latenciesMs = new ConcurrentLinkedQueue<>();

  /**
   * @param base the server, e.g. {@code http://127.0.0.1:8080}
   * @param frames the recording's frame messages (as {@link LiveSession#frames} makes them), pixel coordinates
   */
  public LoadGenerator(URI base, List<String> frames, float fps, int streams, Duration duration,
      Duration sampleEvery) {
    this(base, frames, fps, streams, duration, sampleEvery, 0);
  }

  /**
   * @param passes how many times each client replays the recording before it closes; 0: as many as fit in
   *     {@code duration}. With a limit the counts no longer depend on how fast the machine is (tests use this).
   */
  public LoadGenerator(URI base, List<String> frames, float fps, int streams, Duration duration,
      Duration sampleEvery, int passes) {
    if (frames.isEmpty() || !(fps > 0) || streams < 1 || passes < 0) {
      throw new IllegalArgumentException("need frames, a positive fps, at least one stream and passes >= 0");
    }
    this.passes = passes;
    this.base = base;
    this.frames = frames;
    this.fps = fps;
    this.streams = streams;
    this.duration = duration;
    this.sampleEvery = sampleEvery;
  }

  public Result run() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<MemorySample> memory = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      long offsetNanos = s * 1_000_000_000L / streams; // starts spread over a second: windows do not align
      Thread thread = new Thread(() -> stream(http, start + offsetNanos, end), "load-stream-" + s);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    while (System.nanoTime() < end && threads.stream().anyMatch(Thread::isAlive)) {
      sample(http, start, memory);
      long left = end - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(left, sampleEvery.toNanos())));
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    sample(http, start, memory);
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Result(streams, seconds, framesSent.get(), replies.get(), errors.get(), firstError.get(),
        utterances.get(), framesSent.get() / seconds, Percentile.of(sorted, 50), Percentile.of(sorted, 90),
        Percentile.of(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], List.copyOf(memory));
  }

  private void sample(HttpClient http, long start, List<MemorySample> memory) {
    try {
      String body = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      JsonNode health = JSON.readTree(body);
      memory.add(new MemorySample((System.nanoTime() - start) / 1e9, health.path("rss_mb").asLong(),
          health.path("heap_used_mb").asLong(), health.path("sessions").asInt()));
    } catch (Exception e) {
      error("health: " + e);
    }
  }

  private void error(String message) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, message);
  }

  /** One client: replays the recording in real time until {@code end} (or {@code passes} times), then closes. */
  private void stream(HttpClient http, long startAt, long end) {
    AtomicLong lastSend = new AtomicLong();
    AtomicReference<CountDownLatch> finalSeen = new AtomicReference<>(new CountDownLatch(1));
    CountDownLatch ready = new CountDownLatch(1);
    String wsUrl = base.toString().replaceFirst("^http", "ws") + "/ws?fps=" + fps;
    WebSocket socket;
    try {
      sleepUntil(startAt);
      socket = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            received(text.toString(), lastSend, finalSeen, ready);
            text.setLength(0);
          }
          ws.request(1);
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      if (!ready.await(30, TimeUnit.SECONDS)) {
        error("no ready message within 30 s");
        return;
      }
      long next = System.nanoTime();
      long interval = (long) (1e9 / fps);
      for (int pass = 0; System.nanoTime() < end && (passes == 0 || pass < passes); pass++) {
        finalSeen.set(new CountDownLatch(1));
        for (int f = 0; f < frames.size() && System.nanoTime() < end; f++) {
          sleepUntil(next);
          next += interval;
          lastSend.set(System.nanoTime());
          socket.sendText(frames.get(f), true).get(30, TimeUnit.SECONDS);
          framesSent.incrementAndGet();
        }
        lastSend.set(System.nanoTime());
        socket.sendText("{\"type\":\"end\"}", true).get(30, TimeUnit.SECONDS);
        if (!finalSeen.get().await(30, TimeUnit.SECONDS)) {
          error("no final message within 30 s of end");
          return;
        }
        next = Math.max(next, System.nanoTime());
      }
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      error(e.toString());
    }
  }

  private void received(String message, AtomicLong lastSend, AtomicReference<CountDownLatch> finalSeen,
      CountDownLatch ready) {
    replies.incrementAndGet();
    String type;
    try {
      type = JSON.readTree(message).path("type").asText();
    } catch (Exception e) {
      error("unreadable reply: " + message);
      return;
    }
    switch (type) {
      case "ready" -> ready.countDown();
      case "partial" -> latenciesMs.add((System.nanoTime() - lastSend.get()) / 1e6);
      case "final" -> {
        latenciesMs.add((System.nanoTime() - lastSend.get()) / 1e6);
        utterances.incrementAndGet();
        finalSeen.get().countDown();
      }
      case "error" -> error(message);
      default -> { }
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
