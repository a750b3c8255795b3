package org.glossa.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the extraction page's socket takes only that page, and Chromium's processes and profiles do not outlive
 * {@code glossa extract}, closed or killed (SIGTERM, as Ctrl-C). Chromium is played by a shell script that records
 * its arguments and starts a child of its own, so real process trees are started and must be ended.
 */
class BrowserLandmarkerShutdownTest {

  @TempDir
  Path temp;

  /** A fake Chromium: records its arguments and its pid and a child's, then waits for the child. */
  static Path fakeChromium(Path dir) throws IOException {
    Path script = dir.resolve("fake-chromium.sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo \"$@\" > '" + dir + "'/args-$$\n"
        + "sleep 600 &\n"
        + "echo $! >> '" + dir + "'/pids\n"
        + "echo $$ >> '" + dir + "'/pids\n"
        + "wait\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** The pids the fake browsers wrote, once {@code count} of them are there. */
  static List<Long> pids(Path dir, int count) throws Exception {
    Path file = dir.resolve("pids");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<Long> pids = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Long::valueOf).toList();
        if (pids.size() >= count) {
          return pids;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the fake browsers did not start");
  }

  /** Whether a process runs (a zombie waiting to be reaped has ended: its state in /proc is Z). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }

  static void awaitEnded(List<Long> pids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (pids.stream().anyMatch(BrowserLandmarkerShutdownTest::running) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    for (long pid : pids) {
      assertFalse(running(pid), "process " + pid + " still runs");
    }
  }

  static List<Path> profiles(Path tmpdir) throws IOException {
    try (Stream<Path> files = Files.list(tmpdir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("glossa-chromium-")).toList();
    }
  }

  @Test
  void onlyTheExtractionPageMayConnectAndCloseEndsTheBrowserTreesAndProfiles() throws Exception {
    Path fake = fakeChromium(temp);
    CompletableFuture<BrowserLandmarker> started = CompletableFuture.supplyAsync(() -> new BrowserLandmarker(fake, 1,
        0, Duration.ofSeconds(60), Duration.ofSeconds(10)));
    List<Long> pids = pids(temp, 2);
    String args;
    try (Stream<Path> files = Files.list(temp)) {
      args = Files.readString(files.filter(f -> f.getFileName().toString().startsWith("args-")).findFirst()
          .orElseThrow());
    }
    String page = args.substring(args.indexOf("http://127.0.0.1:")).trim();
    Path profile = Path.of(args.substring(args.indexOf("--user-data-dir=") + 16, args.indexOf(' ',
        args.indexOf("--user-data-dir="))));
    URI origin = URI.create(page);
    String socket = "ws://127.0.0.1:" + origin.getPort() + "/extract";
    HttpClient http = HttpClient.newHttpClient();
    for (String refused : List.of("http://evil.example", "http://localhost:" + origin.getPort(), "")) {
      WebSocket.Builder builder = http.newWebSocketBuilder();
      if (!refused.isEmpty()) {
        builder.header("Origin", refused);
      }
      CompletionException e = assertThrows(CompletionException.class,
          () -> builder.buildAsync(URI.create(socket), new WebSocket.Listener() { }).join(), refused);
      assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode(),
          refused);
    }
    // The page itself (its origin) connects and says it is ready, as extract.js does.
    WebSocket pageSocket = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + origin.getPort())
        .buildAsync(URI.create(socket), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
    pageSocket.sendText("{\"type\":\"ready\"}", true).get(10, TimeUnit.SECONDS);
    BrowserLandmarker landmarker = started.get(60, TimeUnit.SECONDS);
    assertTrue(Files.isDirectory(profile), "the worker's profile " + profile);

    landmarker.close();
    awaitEnded(pids);
    assertFalse(Files.exists(profile.getParent()), "the temporary profiles are deleted: " + profile.getParent());
    landmarker.close(); // twice is harmless
  }

  @Test
  void sigtermDuringExtractEndsChromiumAndDeletesItsProfiles() throws Exception {
    Path fake = fakeChromium(temp);
    Path tmpdir = Files.createDirectories(temp.resolve("tmp"));
    Path videos = Files.createDirectories(temp.resolve("videos"));
    Files.write(videos.resolve("a.mp4"), new byte[0]);
    Files.write(videos.resolve("b.mp4"), new byte[0]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmpdir, "-cp",
        System.getProperty("java.class.path"), ExtractMain.class.getName(), videos.toString(),
        temp.resolve("out").toString(), "2", fake.toString()));
    Process extract = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(temp.resolve("extract.log").toFile()).start();
    try {
      List<Long> pids = pids(temp, 4); // two browsers, each with a child
      assertEquals(1, profiles(tmpdir).size(), "the run's Chromium profiles");

      extract.destroy(); // SIGTERM, what Ctrl-C's SIGINT also leads to: the JVM's shutdown hooks
      assertTrue(extract.waitFor(30, TimeUnit.SECONDS), "extract ended");
      awaitEnded(pids);
      assertEquals(List.of(), profiles(tmpdir), "no glossa-chromium-* folder left; log:\n"
          + Files.readString(temp.resolve("extract.log")));
    } finally {
      extract.destroyForcibly();
    }
  }
}
