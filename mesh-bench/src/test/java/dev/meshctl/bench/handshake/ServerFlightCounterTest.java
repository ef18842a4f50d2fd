package dev.meshctl.bench.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The server's flight before the handshake, and what it says about the handshake. */
class ServerFlightCounterTest {

  @Test
  void countsBytesUntilTheHandshakeIsDone_andPassesThemOn() {
    ServerFlightCounter counter = new ServerFlightCounter();
    EmbeddedChannel channel = new EmbeddedChannel(counter);

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[1200]));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[300]));
    counter.handshakeDone();
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[1024]));

    assertThat(counter.bytes()).isEqualTo(1500);
    ByteBuf first = channel.readInbound();
    assertThat(first.readableBytes()).isEqualTo(1200);
    first.release();
    assertThat(channel.finishAndReleaseAll()).isTrue();
  }

  @Test
  void aFlightShorterByMoreThanHalfTheLeaf_isAResumedHandshake() {
    long full = 2_572;
    long leaf = 615;

    assertThat(ServerFlightCounter.isFull(2_570, full, leaf)).isTrue(); // signatures vary
    assertThat(ServerFlightCounter.isFull(2_576, full, leaf)).isTrue();
    assertThat(ServerFlightCounter.isFull(1_300, full, leaf)).isFalse(); // BoringSSL resumed
    assertThat(ServerFlightCounter.isFull(254, 1_576, leaf)).isFalse(); // JDK resumed
  }

  @Test
  void median_ofTheCalibrationFlights() {
    assertThat(ServerFlightCounter.median(new long[] {2_571, 2_576, 2_572})).isEqualTo(2_572);
    assertThat(ServerFlightCounter.median(new long[0])).isZero();
  }
}
