package dev.meshctl.proxy.http.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client connection written by hand on a plain socket, for what real clients never send
 * (malformed or pipelined requests, truncated bodies) or hide (chunk trailers, the raw bytes after
 * a 101).
 */
final class RawHttp1Connection implements AutoCloseable {

  /** A response as read off the wire; header names lower-cased. */
  record Response(
      int status, Map<String, List<String>> headers, Map<String, String> trailers, String body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp1Connection(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, 5_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Ends this side's output (a half-close): the peer reads end-of-stream. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /**
   * One response: status line, headers, then a body framed by Content-Length, by chunks (with
   * trailers), or, with neither, by the end of the connection. A 1xx head is returned on its own.
   *
   * @throws EOFException when the connection ends before the response does
   */
  Response readResponse() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not a status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = fields();
    Response head = new Response(status, headers, Map.of(), "");
    if (status < 200 || status == 204 || status == 304) {
      return head;
    }
    String length = head.header("content-length");
    String encoding = head.header("transfer-encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        body.write(exactly(size));
        line(); // the CRLF after the chunk
      }
      Map<String, String> trailers = new LinkedHashMap<>();
      fields().forEach((name, values) -> trailers.put(name, values.get(0)));
      return new Response(status, headers, trailers, body.toString(StandardCharsets.UTF_8));
    }
    if (length != null) {
      byte[] body = exactly(Integer.parseInt(length));
      return new Response(status, headers, Map.of(), new String(body, StandardCharsets.UTF_8));
    }
    return new Response(
        status, headers, Map.of(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Reads exactly {@code n} bytes. */
  byte[] exactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("connection ended after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  /** Whether the peer closes the connection (rather than sending more) within the timeout. */
  boolean closedByPeer(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private int chunkSize() throws IOException {
    String line = line();
    int semicolon = line.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  private Map<String, List<String>> fields() throws IOException {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      fields
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return fields;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new EOFException("connection closed mid-line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
