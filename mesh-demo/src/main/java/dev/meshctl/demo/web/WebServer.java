package dev.meshctl.demo.web;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.WorkloadException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web workload's HTTP/1.1 server (the JDK's): {@link WebRoutes} on a small pool of threads,
 * since each page makes blocking calls to the back ends.
 */
public final class WebServer implements AutoCloseable {

  private static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final HostPort address;

  private WebServer(HttpServer server, ExecutorService executor, HostPort address) {
    this.server = server;
    this.executor = executor;
    this.address = address;
  }

  /**
   * Binds {@code listen} and serves the pages from {@code bookstore}.
   *
   * @throws WorkloadException when the address cannot be bound
   */
  public static WebServer start(HostPort listen, Bookstore bookstore) {
    InetSocketAddress bind = listen.socketAddress();
    if (bind.isUnresolved()) {
      throw new WorkloadException(
          "web: cannot listen on " + listen + ": " + listen.host() + " does not resolve");
    }
    HttpServer server;
    try {
      server = HttpServer.create(bind, 0);
    } catch (IOException e) {
      throw WorkloadException.cannotListen("web", listen, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, threadsNamed("web-"));
    server.setExecutor(executor);
    server.createContext("/", new WebRoutes(bookstore));
    server.start();
    return new WebServer(server, executor, listen.withPort(server.getAddress().getPort()));
  }

  /** The address served, with the port the system chose when port 0 was asked for. */
  public HostPort address() {
    return address;
  }

  /** Stops accepting, gives the requests in flight a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threadsNamed(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
