package dev.meshctl.proxy.testing;

import io.netty.buffer.ByteBuf;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic body bytes of any length, generated on the fly so that a test never holds a large
 * body in memory: the backend serves them, clients send them, and both sides compare SHA-256s. The
 * pattern repeats every 65521 bytes (a prime), so a lost, repeated or reordered chunk changes the
 * digest.
 */
public final class Payload {

  public static final int KIB = 1024;
  public static final int MIB = 1024 * KIB;

  private static final byte[] BLOCK = new byte[65521];
  private static final Map<Long, String> SHA_CACHE = new ConcurrentHashMap<>();

  static {
    new Random(0x6d657368L).nextBytes(BLOCK);
  }

  private Payload() {}

  /** Writes the payload bytes {@code [offset, offset + length)} into {@code buf}. */
  public static void fill(ByteBuf buf, long offset, int length) {
    int pos = (int) (offset % BLOCK.length);
    while (length > 0) {
      int n = Math.min(length, BLOCK.length - pos);
      buf.writeBytes(BLOCK, pos, n);
      length -= n;
      pos = 0;
    }
  }

  /** The first {@code size} payload bytes as a stream. */
  public static InputStream stream(long size) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        if (position >= size) {
          return -1;
        }
        return BLOCK[(int) (position++ % BLOCK.length)] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= size) {
          return -1;
        }
        int pos = (int) (position % BLOCK.length);
        int n = (int) Math.min(Math.min(len, BLOCK.length - pos), size - position);
        System.arraycopy(BLOCK, pos, b, off, n);
        position += n;
        return n;
      }
    };
  }

  /** The hex SHA-256 of the first {@code size} payload bytes. */
  public static String sha256(long size) {
    return SHA_CACHE.computeIfAbsent(
        size,
        n -> {
          MessageDigest digest = newDigest();
          long left = n;
          while (left > 0) {
            int chunk = (int) Math.min(left, BLOCK.length);
            digest.update(BLOCK, 0, chunk);
            left -= chunk;
          }
          return hex(digest);
        });
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
