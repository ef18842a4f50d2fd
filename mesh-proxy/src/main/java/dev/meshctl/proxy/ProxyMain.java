package dev.meshctl.proxy;

/** Starts the sidecar proxy. */
public final class ProxyMain {

  private ProxyMain() {}

  public static void main(String[] args) {
    String version = ProxyMain.class.getPackage().getImplementationVersion();
    System.out.println("mesh-proxy " + (version == null ? "(development build)" : version));
  }
}
