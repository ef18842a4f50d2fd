package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.metrics.MetricsExporter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminInitializerTest {

  private final AtomicInteger shutdowns = new AtomicInteger();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AdminHandler handler =
      new AdminHandler(
          new MetricsExporter(new PrometheusRegistry()),
          () -> true,
          shutdowns::incrementAndGet,
          new LogLevels(Logger.getLogger(AdminInitializerTest.class.getName())));
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new AdminInitializer(handler, connections, Duration.ofSeconds(60)));

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  @Test
  void everyConnection_joinsTheGroupTheServerCloses() {
    assertThat(connections.contains(channel)).isTrue();
  }

  @Test
  void pipeline_readsInOrder() {
    assertThat(channel.pipeline().names())
        .startsWith("idle", "http-codec", "keep-alive", "aggregator", "admin");
  }

  @Test
  void aConnectionSilentForTheIdleTimeout_isClosed() {
    channel.advanceTimeBy(59, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();

    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aCallerWithoutAnInternetAddress_cannotShutDown() {
    channel.writeInbound(
        ascii("POST /shutdown HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n"));

    ByteBuf response = channel.readOutbound();
    try {
      assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 403 Forbidden");
    } finally {
      response.release();
    }
    assertThat(shutdowns).hasValue(0);
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }
}
