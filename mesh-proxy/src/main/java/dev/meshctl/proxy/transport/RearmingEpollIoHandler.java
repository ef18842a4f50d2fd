package dev.meshctl.proxy.transport;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll {@link IoHandler} with one fix: a file descriptor whose interest set becomes empty
 * can be armed again.
 *
 * <p>Netty 4.2 (up to at least 4.2.20) removes a descriptor from the epoll set ({@code
 * EPOLL_CTL_DEL}) when a channel's interest set becomes empty, yet keeps treating it as added, so
 * the next change is an {@code EPOLL_CTL_MOD} that fails with ENOENT and closes the channel. An
 * empty set is routine for a proxy: a connection whose peer half-closed (EPOLLRDHUP is dropped)
 * while the proxy was not reading from it (backpressure, or an opaque connection still waiting for
 * its target). Re-enabling reads, or a write that has to wait for EPOLLOUT, then killed the
 * connection. Here an empty interest set cancels the registration, and the next non-empty one
 * registers the descriptor again.
 *
 * <p>Used by {@link Transports} for every epoll event loop.
 */
final class RearmingEpollIoHandler implements IoHandler {

  private final IoHandler epoll;

  private RearmingEpollIoHandler(IoHandler epoll) {
    this.epoll = epoll;
  }

  /** Wraps the handlers that {@code epollFactory} creates. */
  static IoHandlerFactory wrap(IoHandlerFactory epollFactory) {
    return new IoHandlerFactory() {
      @Override
      public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new RearmingEpollIoHandler(epollFactory.newHandler(executor));
      }

      @Override
      public boolean isChangingThreadSupported() {
        return epollFactory.isChangingThreadSupported();
      }
    };
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return new Registration(handle, epoll.register(handle));
  }

  @Override
  public void initialize() {
    epoll.initialize();
  }

  @Override
  public int run(IoHandlerContext context) {
    return epoll.run(context);
  }

  @Override
  public void prepareToDestroy() {
    epoll.prepareToDestroy();
  }

  @Override
  public void destroy() {
    epoll.destroy();
  }

  @Override
  public void wakeup() {
    epoll.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return epoll.isCompatible(handleType);
  }

  /**
   * One descriptor's registration; used only on its event loop, like Netty's own. While its
   * interest set is empty it holds no registration with the epoll handler.
   */
  private final class Registration implements IoRegistration {
    private final IoHandle handle;
    private final Object attachment;
    private IoRegistration current;
    private boolean cancelled;

    Registration(IoHandle handle, IoRegistration current) {
      this.handle = handle;
      this.current = current;
      this.attachment = current.attachment(); // the event loop's native arrays, shared by all
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
      return (T) attachment;
    }

    @Override
    public long submit(IoOps ops) {
      if (cancelled) {
        return -1;
      }
      if (((EpollIoOps) ops).value() == EpollIoOps.NONE.value()) {
        if (current != null) {
          current.cancel(); // EPOLL_CTL_DEL, and Netty forgets the descriptor
          current = null;
        }
        return 0;
      }
      if (current == null) {
        try {
          current = epoll.register(handle);
        } catch (Exception e) {
          throw new IllegalStateException("cannot register " + handle + " with epoll again", e);
        }
      }
      return current.submit(ops);
    }

    @Override
    public boolean isValid() {
      return !cancelled;
    }

    @Override
    public boolean cancel() {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      if (current != null) {
        current.cancel();
        current = null;
      }
      return true;
    }
  }
}
