package org.glossa.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of separate processes on 127.0.0.1, started from a Spark home (a {@code jars/} folder
 * and a {@code RELEASE} file) the way {@code sbin/start-master.sh} and {@code start-worker.sh} start it: one master
 * JVM, worker JVMs with one core each, and the executors the workers launch for each application.
 */
final class StandaloneCluster implements AutoCloseable {

  private static final Pattern SPARK_CORE = Pattern.compile("spark-core_(2\\.1[23])-(.+)\\.jar");

  final Path home;
  final String scala;
  final String version;
  private final Path work;
  private final List<String> javaOptions;
  private final List<Process> processes = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private int masterPort;

  /** One worker: its process and its work folder, where each application's executor writes its logs. */
  record Worker(int number, Process process, Path dir) {
  }

  /** What one spark-submit gave: its output lines, wall seconds, exit code and the peaks of resident memory. */
  record Submission(List<String> output, double seconds, int exitCode, long driverPeakKib, long executorPeakKib,
      Path log) {
  }

  StandaloneCluster(Path home, Path work, List<String> javaOptions) throws IOException {
    this.home = home;
    this.work = Files.createDirectories(work);
    this.javaOptions = javaOptions;
    try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
      Matcher core = jars.map(j -> SPARK_CORE.matcher(j.getFileName().toString())).filter(Matcher::matches)
          .findFirst().orElseThrow(() -> new IllegalStateException(home + "/jars holds no spark-core jar"));
      scala = core.group(1);
      version = core.group(2);
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  List<Worker> workers() {
    return workers;
  }

  void startMaster() throws IOException {
    masterPort = freePort();
    Path log = work.resolve("master.log");
    processes.add(launch(log, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
    awaitLine(log, "I have been elected leader", Duration.ofSeconds(90));
  }

  Worker addWorker() throws IOException {
    int number = workers.size() + 1;
    Path dir = Files.createDirectories(work.resolve("worker-" + number));
    Path log = work.resolve("worker-" + number + ".log");
    Process process = launch(log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
        "--memory", "2g", "--work-dir", dir.toString(), "--webui-port", String.valueOf(freePort()), masterUrl());
    processes.add(process);
    awaitLine(log, "Successfully registered with master", Duration.ofSeconds(90));
    Worker worker = new Worker(number, process, dir);
    workers.add(worker);
    return worker;
  }

  /**
   * Runs {@code org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit} runs) in client mode against the
   * master, waiting for {@code cores} executor cores before the job starts; {@code during} runs on another thread
   * while the submission runs (the fault injection).
   */
  Submission submit(String name, int cores, List<String> submitOptions, List<String> jobArguments,
      Runnable during) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", "client",
        "--conf", "spark.cores.max=" + cores, "--conf", "spark.scheduler.minRegisteredResourcesRatio=1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false"));
    args.addAll(submitOptions);
    args.addAll(jobArguments);
    Path log = work.resolve(name + ".log");
    Path out = work.resolve(name + ".out");
    long start = System.nanoTime();
    Process driver = launch(log, out, "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
    PeakMemory driverMemory = new PeakMemory();
    PeakMemory executorMemory = new PeakMemory();
    Thread sampler = new Thread(() -> {
      while (driver.isAlive()) {
        driverMemory.sample(driver.toHandle());
        for (Worker worker : workers) {
          worker.process().descendants().forEach(executorMemory::sample);
        }
        sleep(100);
      }
    });
    sampler.start();
    Thread fault = during == null ? null : new Thread(during);
    if (fault != null) {
      fault.start();
    }
    boolean ended = driver.waitFor(15, java.util.concurrent.TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!ended) {
      driver.destroyForcibly();
    }
    sampler.join();
    if (fault != null) {
      fault.join(60_000);
    }
    return new Submission(Files.readAllLines(out), seconds, ended ? driver.exitValue() : -1, driverMemory.max(),
        executorMemory.max(), log);
  }

  /** SIGKILL for a worker's executors and then the worker itself, as when its machine goes down. */
  static List<Long> kill(Worker worker) {
    List<Long> killed = new ArrayList<>();
    worker.process().descendants().forEach(p -> {
      killed.add(p.pid());
      p.destroyForcibly();
    });
    killed.add(worker.process().pid());
    worker.process().destroyForcibly();
    try {
      worker.process().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return killed;
  }

  /** Lines with {@code text} in the executor logs ({@code stderr}) of every worker, all applications so far. */
  long executorLogLines(String text) {
    long count = 0;
    for (Worker worker : workers) {
      try (Stream<Path> files = Files.walk(worker.dir())) {
        for (Path log : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
          try (Stream<String> lines = Files.lines(log)) {
            count += lines.filter(l -> l.contains(text)).count();
          } catch (UncheckedIOException | IOException e) {
            // being written by a dying executor: counted at the next look
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return count;
  }

  @Override
  public void close() {
    for (Worker worker : workers) {
      worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroyForcibly();
    }
  }

  private Process launch(Path log, String mainClass, String... args) throws IOException {
    return launch(log, log, mainClass, args);
  }

  /** A JVM of this Spark home: {@code java -cp HOME/jars/* CLASS ARGS}, with what spark-class would set. */
  private Process launch(Path log, Path out, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    String javaHome = System.getProperty("java.home");
    command.add(Path.of(javaHome, "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-Xmx1g", "-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", javaHome);
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", scala); // the workers' launcher builds the executors' class path from these
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", Files.createDirectories(work.resolve("local")).toString());
    env.remove("SPARK_CONF_DIR");
    if (out.equals(log)) {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    } else {
      builder.redirectError(log.toFile()).redirectOutput(out.toFile());
    }
    return builder.start();
  }

  /** Waits until {@code log} has a line with {@code text}. */
  static void awaitLine(Path log, String text, Duration timeout) {
    await(() -> {
      try {
        return Files.exists(log) && Files.readString(log).contains(text);
      } catch (IOException e) {
        return false;
      }
    }, timeout, log + " never said \"" + text + "\"");
  }

  static void await(BooleanSupplier condition, Duration timeout, String failure) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(failure);
      }
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The largest VmHWM (peak resident set) seen of the processes sampled, in KiB. */
  private static final class PeakMemory {
    private final Map<Long, Long> peaks = new ConcurrentHashMap<>();

    void sample(ProcessHandle process) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
          if (line.startsWith("VmHWM:")) {
            long kib = Long.parseLong(line.replaceAll("\\D", ""));
            peaks.merge(process.pid(), kib, Math::max);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // the process has just ended: its last sample stands
      }
    }

    long max() {
      return peaks.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }
}
