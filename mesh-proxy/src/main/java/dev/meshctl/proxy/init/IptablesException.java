package dev.meshctl.proxy.init;

/** iptables is missing or failed: the message is the one line {@link ProxyInit} prints. */
final class IptablesException extends RuntimeException {

  IptablesException(String message) {
    super(message);
  }
}
